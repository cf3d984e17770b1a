import { publishTopicProblem } from './mqtt-topic';

describe('publishTopicProblem', () => {
  it.each([
    ['sysop/replies'],
    ['a'],
    ['replies/ünïcode/✓'],
    ['x'.repeat(65_535)],
    ['arrowhead/orchestration-push'],
    ['arrowhead/serviceorchestrationX/replies'],
  ])('accepts %s', (topic) => {
    expect(publishTopicProblem(topic)).toBeUndefined();
  });

  it.each([
    ['undefined', undefined, 'must be a non-empty string'],
    ['a number', 42, 'must be a non-empty string'],
    ['an empty string', '', 'must be a non-empty string'],
    ['65,536 bytes', 'x'.repeat(65_536), 'must be at most 65535 bytes long (UTF-8)'],
    ['65,535 characters of two bytes each', 'é'.repeat(65_535), 'must be at most 65535 bytes long (UTF-8)'],
    ['#', '#', 'must not contain +, # or NUL'],
    ['a/#', 'a/#', 'must not contain +, # or NUL'],
    ['+/x', '+/x', 'must not contain +, # or NUL'],
    ['a NUL', 'a\u0000b', 'must not contain +, # or NUL'],
    ['$SYS/x', '$SYS/x', 'must not start with $'],
    ['$share/g/x', '$share/g/x', 'must not start with $'],
    ['the service base', 'arrowhead/serviceorchestration', 'must not be inside arrowhead/serviceorchestration/'],
    ['a request topic', 'arrowhead/serviceorchestration/monitor/echo', 'must not be inside arrowhead/serviceorchestration/'],
  ])('refuses %s', (_, topic, problem) => {
    expect(publishTopicProblem(topic)).toBe(problem);
  });
});

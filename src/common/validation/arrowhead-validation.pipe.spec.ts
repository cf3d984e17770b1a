import { ArgumentMetadata } from '@nestjs/common';
import { rejection, testConfig } from '../../../test/support/unit';
import { ListInput } from '../arrowhead/arrowhead-params.decorator';
import { ArrowheadValidationPipe } from './arrowhead-validation.pipe';

// The shape of a list input (ArrowheadListInput): its decorator only reads it, the pipe checks it.
const pipe = new ArrowheadValidationPipe(testConfig({ MAX_BULK: '3' }));
const list: ArgumentMetadata = { type: 'custom', data: new ListInput('ids') as unknown as string };

describe('ArrowheadValidationPipe on a list input', () => {
  it.each([[undefined], [[]], [['a', 'b']], [[null, 5]]])('passes %j as it is', async (value) => {
    await expect(pipe.transform(value, list)).resolves.toBe(value);
  });

  it.each([[{ ids: ['a'] }], ['a'], [5], [null]])('refuses %j: a JSON array was expected', async (value) => {
    const error = await pipe.transform(value, list).catch((thrown: unknown) => thrown);
    expect(rejection(() => {
      throw error;
    })).toBe('Could not parse payload. Reason: a JSON array was expected');
  });

  it('holds the list to MAX_BULK like any other input', async () => {
    const error = await pipe.transform(['a', 'b', 'c', 'd'], list).catch((thrown: unknown) => thrown);
    expect(rejection(() => {
      throw error;
    })).toMatch(/ids/);
  });
});

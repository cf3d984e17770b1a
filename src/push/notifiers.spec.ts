import { testConfig } from '../../test/support/unit';
import { MqttConnection } from '../mqtt/mqtt-connection';
import { Subscription } from './entities/subscription.entity';
import { MqttNotifier, NotificationError } from './notifiers';

const SUBSCRIPTION = { id: 'd4d61873-07db-4e93-a16e-9465852bdabf', targetSystem: 'Consumer', notifyProperties: { topic: 'consumer/notify' } } as unknown as Subscription;

describe('MqttNotifier', () => {
  // SPEC-deviations D8: the reference's typo ("subscripiton") is the job message on the wire
  // (push query, history). This test is what stops a well-meant spelling fix.
  it('fails with the reference text, typo included (sic), when the service has no broker connection', async () => {
    const notifier = new MqttNotifier(testConfig({ MQTT_ENABLED: 'false' }), new MqttConnection());
    const failure = await notifier.notify(SUBSCRIPTION, { results: [], warnings: [] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotificationError);
    expect((failure as Error).message).toBe(
      'Orchestration push notification via MQTT is required for subscripiton: d4d61873-07db-4e93-a16e-9465852bdabf, but MQTT is not enabled',
    );
  });
});

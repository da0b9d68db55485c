import { Aspects, type IAspect } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';

export interface OnCallAlertsProps {
  /** Who gets the alerts by e-mail (`cdk deploy -c onCallEmail=…`); others subscribe to the topic. */
  email?: string;
}

/**
 * Where the service's alarms go: one topic for the engineer on call. Every CloudWatch alarm in the
 * scope, now or added later, notifies it when it fires and when it recovers, so an alarm nobody
 * hears cannot be written by accident.
 */
export class OnCallAlerts extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: OnCallAlertsProps = {}) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'grid-service on call',
      // No SSE: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and alarm texts
      // carry no personal data. Publishers must still use TLS.
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    Aspects.of(scope).add(new NotifyOnCall(this.topic));
  }
}

/** Points every alarm at the on-call topic, for its alarm and its OK transitions. */
class NotifyOnCall implements IAspect {
  constructor(private readonly topic: sns.ITopic) {}

  visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.Alarm)) return;
    const action = new actions.SnsAction(this.topic);
    node.addAlarmAction(action);
    node.addOkAction(action);
  }
}

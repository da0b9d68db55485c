import { CfnParameter, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { parseTemplates } from '../shared/notifications/subscribe-messages';
import type { HouseFunction } from './house-function';

/**
 * The WeChat mini-program we sign users in through: its public AppID, and its AppSecret in Secrets
 * Manager. The secret is created with a random placeholder; the real AppSecret is put in after the
 * first deployment (`aws secretsmanager put-secret-value`) and never appears in a template.
 */
export class WeChatApp extends Construct {
  readonly appSecret: secretsmanager.Secret;
  readonly appId: CfnParameter;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Declared on the stack itself so the parameter keeps the plain name operators pass to deploy.
    this.appId = new CfnParameter(scope, 'wechatAppId', {
      type: 'String',
      description: 'The WeChat mini-program AppID (public; empty until the app is registered)',
      default: this.node.tryGetContext('wechatAppId') ?? '',
    });
    this.appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      description: 'The WeChat mini-program AppSecret, used to exchange wx.login codes',
    });
    Validations.of(this.appSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'WeChat issues the AppSecret and only its console can reset it, so no rotation Lambda can rotate it.',
    });
  }

  /**
   * Lets the function call WeChat as the mini-program: exchange `wx.login` codes, or fetch the
   * access token subscribe messages need. It reads the AppSecret and knows the AppID.
   */
  grantAppAccess(fn: HouseFunction): void {
    this.appSecret.grantRead(fn);
    fn.addEnvironment('WECHAT_APP_ID', this.appId.valueAsString);
    fn.addEnvironment('WECHAT_SECRET_NAME', this.appSecret.secretArn);
  }

  /**
   * Tells a function which subscribe-message template each notification kind uses (JSON, from
   * context). `cdk.json` gives an object, `-c wechatSubscribeTemplates='{…}'` a string of JSON: both
   * end as the same JSON, checked here as the functions will read it, so a typo fails the synth.
   */
  grantSubscribeTemplates(fn: HouseFunction): void {
    const templates: unknown = this.node.tryGetContext('wechatSubscribeTemplates');
    if (!templates) return;
    const json = typeof templates === 'string' ? templates : JSON.stringify(templates);
    parseTemplates(json);
    fn.addEnvironment('WECHAT_SUBSCRIBE_TEMPLATES', json);
  }
}

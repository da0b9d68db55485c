import { appSecret } from '../../auth/wechat';
import { config } from '../../config';
import type { PushChannels } from './channel';
import { weChatSubscribeChannel } from './wechat-subscribe';
import { weComRobotChannel } from './wecom-robot';

/** The channels as configured for this environment (base URLs from config, the app secret from auth). */
export function defaultChannels(): PushChannels {
  return {
    wecom: weComRobotChannel({ baseUrl: () => config().wecomBaseUrl }),
    wechat: weChatSubscribeChannel({
      baseUrl: () => config().wechatBaseUrl,
      appId: () => config().wechatAppId,
      secret: appSecret,
    }),
  };
}

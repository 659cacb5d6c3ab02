// The OAuth web flow through @octokit/oauth-app, pointed at the configured GitHub (its OAuth
// endpoints live at the web root, which oauth-app derives from the API URL of the Octokit it gets).
import { OAuthApp } from '@octokit/oauth-app';
import type { Octokit } from '@octokit/rest';

export class WebFlow {
  private readonly app: OAuthApp;

  constructor(
    Client: typeof Octokit,
    clientId: string,
    clientSecret: string,
    private readonly scopes: readonly string[],
  ) {
    this.app = new OAuthApp({ clientType: 'oauth-app', clientId, clientSecret, Octokit: Client });
  }

  authorizationUrl(state: string, redirectUri: string): string {
    return this.app.getWebFlowAuthorizationUrl({ state, redirectUrl: redirectUri, scopes: [...this.scopes] })
      .url;
  }

  async exchange(code: string, redirectUri: string): Promise<string> {
    const { authentication } = await this.app.createToken({ code, redirectUrl: redirectUri });
    return authentication.token;
  }
}

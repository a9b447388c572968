// The comparison peer: the same bot behaviour (verify the token, answer a message with the help card) built on
// the official botbuilder SDK — CloudAdapter with full JWT validation against the given OpenID metadata. Only
// the outbound token source is swapped for a client-credentials fetch from the given token endpoint (the SDK's
// MSAL client insists on Entra's real hosts).
// Usage: node peer-botbuilder.js <port> <appId> <openIdMetadataUrl> <tokenEndpoint> <cardsDir>
const fs = require('fs');
const path = require('path');
const express = require('express');
const ACData = require('adaptivecards-templating');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication, CardFactory, MessageFactory } = require('botbuilder');
const { ServiceClientCredentialsFactory, TokenCredentials } = require('botframework-connector');

const [port, appId, metadataUrl, tokenEndpoint, cardsDir] = process.argv.slice(2);

class ClientCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor() { super(); this.token = null; }
  async isValidAppId(id) { return id === appId; }
  async isAuthenticationDisabled() { return false; }
  async createCredentials() {
    if (!this.token) {
      const response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, client_secret: 'benchmark', scope: 'https://api.botframework.com/.default' }),
      });
      this.token = (await response.json()).access_token;
    }
    return new TokenCredentials(this.token);
  }
}

const auth = new ConfigurationBotFrameworkAuthentication(
  {
    MicrosoftAppId: appId,
    MicrosoftAppType: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ValidateAuthority: true,
  },
  new ClientCredentialsFactory());
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => { console.error(error); };

const template = JSON.parse(fs.readFileSync(path.join(cardsDir, 'help.json'), 'utf8'));
const commands = [
  { name: 'risk', description: 'Raise a risk for the register' },
  { name: 'evidence', description: "Hand in evidence for a control (or just send me the file)" },
  { name: 'attest AC-01', description: "Answer a control's attestation" },
  { name: 'tasks', description: 'Your open attestations, evidence and risk reviews' },
  { name: 'status', description: 'ISO 27001 and SOC 2 coverage today' },
];

const app = express();
app.use(express.json({ limit: '512kb' }));
app.post('/api/messages', (req, res) => adapter.process(req, res, async (context) => {
  if (context.activity.type !== 'message') return;
  const firstName = (context.activity.from.name || 'there').split(' ')[0];
  const card = new ACData.Template(template).expand({ $root: { firstName, commands } });
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}));
app.listen(Number(port), '127.0.0.1', () => console.log(`peer listening on ${port}`));

// The comparison peer for the Slack events endpoint: the same behaviour (verify the request signature, acknowledge
// the event, then answer a direct message with the help card's blocks through chat.postMessage) built on Slack's
// official Bolt framework with its ExpressReceiver. The Web API base points at the given local fake.
// Usage: node peer-bolt.js <port> <signingSecret> <botToken> <slackApiUrl> <blocksJsonFile>
const fs = require('fs');
const { App, ExpressReceiver, LogLevel } = require('@slack/bolt');

const [port, signingSecret, token, slackApiUrl, blocksFile] = process.argv.slice(2);
const { text, blocks } = JSON.parse(fs.readFileSync(blocksFile, 'utf8'));

const receiver = new ExpressReceiver({ signingSecret, endpoints: '/api/slack/events', processBeforeResponse: false });
const app = new App({
  token,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl },
  // The bot's identity, so Bolt does not ask auth.test on every event.
  botId: 'B0FAKE01',
  botUserId: 'U0FAKEBOT',
  tokenVerificationEnabled: false,
});

app.message(async ({ message, client }) => {
  if (message.channel_type !== 'im' || message.subtype) return;
  await client.chat.postMessage({ channel: message.channel, text, blocks });
});

receiver.app.listen(Number(port), '127.0.0.1', () => console.log(`bolt peer listening on ${port}`));

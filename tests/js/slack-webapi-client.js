// Drives a Slack Web API server with Slack's official Node client (@slack/web-api), so the .NET tests can check
// that the fake Web API answers the way the official client expects. Usage: node slack-webapi-client.js API_BASE TOKEN
// Prints { posted, updated, view, user, file, dm, rateLimitedThenPosted } as the client returned them.
const { WebClient, LogLevel } = require('@slack/web-api');

(async () => {
  const [slackApiUrl, token] = process.argv.slice(2);
  const client = new WebClient(token, { slackApiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10 } });
  const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*RISK-0007* raised', verbatim: true } }];

  const posted = await client.chat.postMessage({ channel: 'D0OFFICIAL', text: 'RISK-0007 raised', blocks });
  const updated = await client.chat.update({ channel: posted.channel, ts: posted.ts, text: 'updated', blocks });
  const view = await client.views.open({
    trigger_id: '1.2.official',
    view: { type: 'modal', title: { type: 'plain_text', text: 'Raise a risk' }, blocks, private_metadata: '{"action":"risk.submit"}' },
  });
  const user = await client.users.lookupByEmail({ email: 'olive@contoso.example' });
  const file = await client.files.info({ file: 'F0OFFICIAL' });
  const dm = await client.conversations.open({ users: user.user.id });
  // Two posts in a row to one channel: where the server allows one a second, the second waits out a 429.
  await client.chat.postMessage({ channel: 'C0BURST', text: 'first' });
  const rateLimitedThenPosted = await client.chat.postMessage({ channel: 'C0BURST', text: 'second' });
  let error = null;
  try {
    await client.chat.postMessage({ channel: '', text: 'nowhere' });
  } catch (e) {
    error = e.data?.error ?? e.message;
  }

  process.stdout.write(JSON.stringify({ posted, updated, view, user, file, dm, rateLimitedThenPosted, error }));
})().catch((e) => {
  process.stderr.write(String(e.stack ?? e));
  process.exit(1);
});

// Drives the three ComplianceBot conversations through a running Agents Playground, as its web client would:
// messages and Action.Execute invokes through the playground's own API, the bot's messages read from its
// WebSocket stream. Prints a JSON report of what the bot showed at each step.
// Usage: node --experimental-websocket playground-flows.js <playgroundBaseUrl> <evidenceFile>
//        node --experimental-websocket playground-flows.js <playgroundBaseUrl> --day-one
// The day-one flow is a newcomer's first minutes: hi, help, a risk, their tasks.
const fs = require('fs');
const http = require('http');
const path = require('path');

const base = process.argv[2];
const evidenceFile = process.argv[3];
const seen = [];
const waiters = [];

function post(route, body) {
  return fetch(base + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then(async r => ({ status: r.status, body: await r.text() }));
}

function nextMessage(predicate, label, timeoutMs = 20000) {
  const found = seen.find(m => !m.taken && predicate(m));
  if (found) { found.taken = true; return Promise.resolve(found); }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${label}; saw ${JSON.stringify(seen.map(summary))}`)), timeoutMs);
    waiters.push({ predicate, resolve: m => { clearTimeout(timer); resolve(m); } });
  });
}

function summary(m) {
  const card = cardOf(m);
  return card ? `card:${card.body?.[0]?.text}` : `text:${m.message?.text}`;
}

function cardOf(m) {
  return m.message?.attachments?.find(a => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

function titled(prefix) {
  return m => (cardOf(m)?.body?.[0]?.text || '').startsWith(prefix);
}

// Every TextBlock in a card body, however deeply nested.
function textBlocks(node, found = []) {
  if (Array.isArray(node)) node.forEach(n => textBlocks(n, found));
  else if (node && typeof node === 'object') {
    if (node.type === 'TextBlock') found.push(node);
    Object.values(node).forEach(v => textBlocks(v, found));
  }
  return found;
}

// Every Action.Execute in a card, however deeply nested (ActionSets in columns).
function actionsIn(node, found = []) {
  if (Array.isArray(node)) node.forEach(n => actionsIn(n, found));
  else if (node && typeof node === 'object') {
    if (node.type === 'Action.Execute') found.push(node);
    Object.values(node).forEach(v => actionsIn(v, found));
  }
  return found;
}

async function invoke(config, message, verb, data) {
  const response = await post('/_conversation/v1/invoke', {
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    from: { id: config.currentUser.id },
    conversation: { id: config.personalChat.id },
    replyToId: message.message.messageId,
  });
  if (response.status >= 300) throw new Error(`invoke ${verb} answered ${response.status}: ${response.body}`);
  return JSON.parse(response.body || '{}');
}

async function execute(config, message, verb, data) {
  // The playground answers with the invoke response's {type, value}; the card is the value.
  const parsed = await invoke(config, message, verb, data);
  if (parsed.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`invoke ${verb} did not answer with a card: ${JSON.stringify(parsed)}`);
  return parsed.value;
}

async function main() {
  const config = (await (await fetch(base + '/_internal/v1/config')).json()).config;
  const ws = new WebSocket(base.replace('http', 'ws') + '/_ws_conversation/v1/conversations/stream');
  ws.onmessage = e => {
    const m = JSON.parse(e.data);
    if (m.action !== 'createMessage') return;
    const w = waiters.find(x => x.predicate(m));
    if (w) { waiters.splice(waiters.indexOf(w), 1); m.taken = true; w.resolve(m); }
    seen.push(m);
  };
  await new Promise(r => { ws.onopen = r; });
  const say = text => post(`/_conversation/v1/conversations/${config.personalChat.id}/messages`, { from: { id: config.currentUser.id }, text, textFormat: 'plain' });
  const report = { user: config.currentUser.email };
  if (evidenceFile === '--day-one') {
    await dayOne(config, say, report);
    ws.close();
    process.stdout.write(JSON.stringify(report));
    return;
  }

  await say('hi');
  report.help = cardOf(await nextMessage(titled('Hi '), 'the help card')).body[0].text;

  // Risk intake
  await say('risk');
  const form = await nextMessage(titled('Raise a risk'), 'the risk form');
  const invalid = await execute(config, form, 'risk.submit', { action: 'risk.submit', title: 'x', category: 'Security', likelihood: '4', impact: '4', owner: config.currentUser.email, reviewDate: '2027-02-01' });
  // Field errors sit under their inputs; anything else is in the banner at the top.
  report.riskErrors = textBlocks(invalid.body).filter(b => b.color === 'Attention').map(b => b.text)
    .concat((invalid.body.find(b => b.style === 'attention')?.items || []).slice(1).map(i => i.text));
  const saved = await execute(config, form, 'risk.submit', {
    action: 'risk.submit', title: 'Laptops without disk encryption', description: 'Field laptops were never enrolled.',
    category: 'Security', likelihood: '4', impact: '4', owner: config.currentUser.email, treatment: 'mitigate', controls: 'AC-01', reviewDate: '2027-02-01',
  });
  report.riskSaved = saved.body[0].text;

  // Attestation
  await say('attest AC-01');
  const attestation = await nextMessage(titled('Attestation · AC-01'), 'the attestation card');
  const answered = await execute(config, attestation, 'attest.submit', { action: 'attest.submit', controlId: 'AC-01', result: 'operating', occurrences: '14', references: 'ACC-1201, ACC-1202', comment: 'All grants approved.' });
  report.attested = answered.body[0].text;
  report.attestedActions = (answered.actions || []).length;

  // Evidence: a file message, as Teams sends it for a file shared in a 1:1 chat
  const content = fs.readFileSync(evidenceFile);
  const files = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/pdf' }); res.end(content); });
  await new Promise(r => files.listen(0, '127.0.0.1', r));
  const downloadUrl = `http://127.0.0.1:${files.address().port}/${path.basename(evidenceFile)}`;
  // The playground's own template carries its serviceUrl, ids and tenant; the file attachment goes on top.
  const template = await (await fetch(`${base}/_internal/v1/customActivities/template?conversationId=${config.personalChat.id}`)).json();
  const injected = await post('/_internal/v1/customActivities', {
    ...template,
    type: 'message',
    attachments: [{
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: path.basename(evidenceFile),
      content: { downloadUrl, uniqueId: 'playground-file-1', fileType: 'pdf' },
    }],
  });
  if (injected.status >= 300) throw new Error(`injecting the file message answered ${injected.status}: ${injected.body}`);
  const request = await nextMessage(titled('File evidence'), 'the evidence request card');
  const uploadId = cardOf(request).actions[0].data.uploadId;
  const filed = await execute(config, request, 'evidence.file', { action: 'evidence.file', uploadId, control: 'AC-01', effectiveDate: new Date().toISOString().slice(0, 10) });
  report.filed = filed.body[0].text;
  report.filedReview = filed.body.find(b => b.type === 'TextBlock' && /once approved/.test(b.text || ''))?.text;
  files.close();

  // Evidence review: a file someone else handed in for AC-01 waits for Alex, AC-01's reviewer, in his tasks.
  await say('tasks');
  const tasks = await nextMessage(titled('Your tasks'), 'the task list');
  const opens = actionsIn(cardOf(tasks)).filter(a => a.verb === 'evidence.review');
  report.reviewsWaiting = opens.length;
  await invoke(config, tasks, 'evidence.review', opens[0].data);
  const review = await nextMessage(titled('Review evidence for AC-01'), 'the evidence review card');
  report.reviewActions = actionsIn(cardOf(review)).map(a => a.verb);
  const decided = await execute(config, review, 'evidence.approve', { action: 'evidence.approve', evidenceId: opens[0].data.evidenceId });
  report.reviewOutcome = decided.body.find(b => b.type === 'TextBlock' && (b.text || '').startsWith('Approved by'))?.text;
  report.reviewActionsAfter = actionsIn(decided).length;
  ws.close();
  process.stdout.write(JSON.stringify(report));
}

async function dayOne(config, say, report) {
  await say('hi');
  const help = cardOf(await nextMessage(titled('Hi '), 'the help card'));
  report.help = help.body[0].text;
  report.helpCommands = JSON.stringify(help).match(/\b(risk|tasks|status)\b/g) || [];
  await say('risk');
  const form = await nextMessage(titled('Raise a risk'), 'the risk form');
  const saved = await execute(config, form, 'risk.submit', {
    action: 'risk.submit', title: 'Shared admin password on the office router', description: 'The router admin password is on a sticky note.',
    category: 'Security', likelihood: '3', impact: '4', owner: config.currentUser.email, treatment: 'mitigate', reviewDate: '2027-03-01',
  });
  report.riskSaved = saved.body[0].text;
  await say('tasks');
  const tasks = cardOf(await nextMessage(titled('Your tasks'), 'the task list'));
  report.tasks = tasks.body.filter(b => b.type === 'TextBlock').map(b => b.text);
}

main().then(() => process.exit(0), e => { console.error(e.stack || String(e)); process.exit(1); });

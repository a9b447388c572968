// Checks request signatures with @slack/bolt's own verifier, for the .NET tests to compare against.
// Input: a JSON file of cases [{ secret, timestamp, signature, body, nowSeconds }].
// Prints [{ valid, error }] in the same order; error is bolt's message when it refuses.
const fs = require('fs');
const { verifySlackRequest } = require('@slack/bolt');

const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = cases.map((c) => {
  try {
    verifySlackRequest({
      signingSecret: c.secret,
      body: c.body,
      headers: { 'x-slack-signature': c.signature, 'x-slack-request-timestamp': Number(c.timestamp) },
      nowMilliseconds: c.nowSeconds * 1000,
    });
    return { valid: true, error: null };
  } catch (e) {
    return { valid: false, error: e.message };
  }
});
process.stdout.write(JSON.stringify(results));

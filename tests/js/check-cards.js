// For every cards/NAME.json with NAME.data.json: bind with the official templating package, then parse and
// validate the result with the official Adaptive Cards library at target version 1.5. Teams' typeahead
// ("choices.data" with a Data.Query on Input.ChoiceSet) is a Teams extension that Teams documents on cards of any
// version, while the library knows it from 1.6 on: it is checked here (type Data.Query, a dataset named) and then
// set aside, so everything else is still held to 1.5.
// Prints one JSON object: { NAME: { bound, errors: [..] } }.
const fs = require('fs');
const path = require('path');
const ACData = require('adaptivecards-templating');
const AC = require('adaptivecards/dist/adaptivecards.js');
const { setAsideTypeahead } = require('./typeahead');

const dir = process.argv[2];
const extra = process.argv.slice(3); // optional: already-bound card files to validate as NAME=path
const result = {};

function validate(original) {
  const errors = [];
  const card = JSON.parse(JSON.stringify(original));
  setAsideTypeahead(card, errors);
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    errors.push(`parse: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    errors.push(`validate: ${e.message}`);
  }
  return errors;
}

for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.json') && !f.endsWith('.data.json')).sort()) {
  const name = file.slice(0, -'.json'.length);
  const dataFile = path.join(dir, `${name}.data.json`);
  const template = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const data = fs.existsSync(dataFile) ? JSON.parse(fs.readFileSync(dataFile, 'utf8')) : {};
  const bound = new ACData.Template(template).expand({ $root: data });
  result[name] = { bound, errors: validate(bound) };
}
for (const pair of extra) {
  const [name, file] = pair.split('=');
  result[name] = { bound: null, errors: validate(JSON.parse(fs.readFileSync(file, 'utf8'))) };
}
process.stdout.write(JSON.stringify(result));

// Validates a Teams app manifest offline against the JSON schema its manifestVersion names, with the schemas
// shipped in @microsoft/app-manifest and the same validator it uses (ajv, draft-04). Prints { version, errors }.
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const manifest = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const schemaFile = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
const valid = validate(manifest);
const errors = valid ? [] : validate.errors.map(e => `${e.instancePath || '/'} ${e.message}`);
process.stdout.write(JSON.stringify({ version: manifest.manifestVersion, errors }));

// Type-checks rendered Block Kit against @slack/types with the TypeScript compiler (strict, noEmit).
// Input: a folder of NAME.message.json ({ text, blocks }), NAME.modal.json and NAME.home.json (views), and
// NAME.manifest.json (a Slack app manifest).
// Writes one NAME.KIND.ts beside each, typed as { text: string; blocks: KnownBlock[] }, ModalView or HomeView
// (views with blocks narrowed to KnownBlock[], so every block is checked against its own type), or as
// @slack/web-api's manifest type.
// Prints { "NAME.KIND.ts": ["diagnostic", ...], ... } for every file.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const dir = path.resolve(process.argv[2]);
const slack = path.dirname(path.dirname(require.resolve('@slack/types/package.json')));
const shapes = {
  message: 'export const rendered: { text: string; blocks: KnownBlock[] } = ',
  modal: "export const rendered: Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] } = ",
  home: "export const rendered: Omit<HomeView, 'blocks'> & { blocks: KnownBlock[] } = ",
  manifest: "export const rendered: AppsManifestCreateArguments['manifest'] = ",
};

const roots = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const kind = file.split('.').slice(-2, -1)[0];
  if (!shapes[kind]) throw new Error(`${file}: expected NAME.message.json, NAME.modal.json, NAME.home.json or NAME.manifest.json`);
  const json = fs.readFileSync(path.join(dir, file), 'utf8');
  const imports = kind === 'manifest'
    ? "import type { AppsManifestCreateArguments } from '@slack/web-api';"
    : "import type { HomeView, KnownBlock, ModalView } from '@slack/types';";
  const source = `${imports}\n${shapes[kind]}${json};\n`;
  const target = path.join(dir, file.replace(/\.json$/, '.ts'));
  fs.writeFileSync(target, source);
  roots.push(target);
}

const program = ts.createProgram(roots, {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  baseUrl: dir,
  paths: { '@slack/*': [path.join(slack, '*')] },
  types: [],
  skipLibCheck: true,
});

const result = {};
for (const root of roots) result[path.basename(root)] = [];
for (const d of ts.getPreEmitDiagnostics(program)) {
  const name = d.file ? path.basename(d.file.fileName) : '(program)';
  const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  (result[name] ??= []).push(where ? `${where.line + 1}:${where.character + 1} ${text}` : text);
}
process.stdout.write(JSON.stringify(result));

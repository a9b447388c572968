// Renders every card in cards/ (bound to its sample data with the official templating package) with the
// official Adaptive Cards renderer in headless Chromium, and writes one PNG per card.
// Usage: node render-cards.js <cardsDir> <outDir>    Prints { NAME: { png, width, height, errors } }.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const ACData = require('adaptivecards-templating');
const { setAsideTypeahead } = require('./typeahead');

const [cardsDir, outDir] = process.argv.slice(2);
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 520, height: 900 }, deviceScaleFactor: 1 });
  await page.setContent('<!doctype html><html><head><style>body{margin:0;padding:16px;background:#f5f5f5;font-family:"Segoe UI",sans-serif}' +
    '#card{width:460px;background:#fff;border:1px solid #e0e0e0;border-radius:6px}</style></head><body><div id="card"></div></body></html>');
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
  const result = {};
  for (const file of fs.readdirSync(cardsDir).filter(f => f.endsWith('.json') && !f.endsWith('.data.json')).sort()) {
    const name = file.slice(0, -5);
    const dataFile = path.join(cardsDir, `${name}.data.json`);
    const data = fs.existsSync(dataFile) ? JSON.parse(fs.readFileSync(dataFile, 'utf8')) : {};
    const bound = new ACData.Template(JSON.parse(fs.readFileSync(path.join(cardsDir, file), 'utf8'))).expand({ $root: data });
    // Rendered as Teams shows it before anyone types: the static choices (see typeahead.js).
    const typeaheadErrors = [];
    setAsideTypeahead(bound, typeaheadErrors);
    const errors = typeaheadErrors.concat(await page.evaluate(card => {
      const host = document.getElementById('card');
      host.innerHTML = '';
      const adaptive = new AdaptiveCards.AdaptiveCard();
      const context = new AdaptiveCards.SerializationContext(new AdaptiveCards.Version(1, 5));
      adaptive.parse(card, context);
      const rendered = adaptive.render();
      if (!rendered) return ['render returned nothing'];
      host.appendChild(rendered);
      const problems = [];
      for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
      return problems;
    }, bound));
    const png = path.join(outDir, `${name}.png`);
    const box = await page.locator('#card').boundingBox();
    await page.locator('#card').screenshot({ path: png });
    result[name] = { png, width: Math.round(box.width), height: Math.round(box.height), errors };
  }
  await browser.close();
  process.stdout.write(JSON.stringify(result));
})().catch(e => { console.error(e.stack || String(e)); process.exit(1); });

// Starts Azurite's Blob service with the arguments given, and exits when standard input closes, so that it
// never outlives the test run that started it.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
const main = require.resolve('azurite/dist/src/blob/main.js');
process.argv = [process.argv[0], main, ...process.argv.slice(2)];
require(main);

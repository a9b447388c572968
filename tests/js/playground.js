// Starts the Microsoft 365 Agents Playground bound to 127.0.0.1 only (it listens on all interfaces by
// default and has no option for it). Arguments are passed through to its CLI.
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number') {
    const port = args[0];
    const rest = args.slice(1).filter(a => typeof a !== 'string');
    return listen.call(this, port, '127.0.0.1', ...rest);
  }
  if (args[0] && typeof args[0] === 'object' && 'port' in args[0]) {
    return listen.call(this, { ...args[0], host: '127.0.0.1' }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
process.env.TEAMSAPPTESTER_BROWSER = process.env.TEAMSAPPTESTER_BROWSER || 'none';
process.argv = [process.argv[0], require.resolve('@microsoft/m365agentsplayground/cli.js'), ...process.argv.slice(2)];
require('@microsoft/m365agentsplayground/cli.js');

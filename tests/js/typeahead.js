// Teams' typeahead ("choices.data" with a Data.Query on Input.ChoiceSet) is a Teams extension documented on cards
// of any version; the official library knows it only from 1.6 on. This checks each use (on a ChoiceSet, type
// Data.Query, a dataset named) and removes it from the card, so the rest can still be held to version 1.5.
function setAsideTypeahead(node, errors) {
  if (Array.isArray(node)) { node.forEach(n => setAsideTypeahead(n, errors)); return; }
  if (!node || typeof node !== 'object') return;
  if ('choices.data' in node) {
    const query = node['choices.data'];
    if (node.type !== 'Input.ChoiceSet') errors.push(`typeahead: choices.data on ${node.type} ${node.id}`);
    else if (!query || query.type !== 'Data.Query' || typeof query.dataset !== 'string' || !query.dataset)
      errors.push(`typeahead: ${node.id} needs choices.data {type: Data.Query, dataset}`);
    delete node['choices.data'];
  }
  Object.values(node).forEach(v => setAsideTypeahead(v, errors));
}

module.exports = { setAsideTypeahead };

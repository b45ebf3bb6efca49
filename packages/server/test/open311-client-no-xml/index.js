// The `open311` client (Code for America's node-open311) requires two XML parsers it only calls in XML mode. Neither
// installs here (a git dependency; a native module), and our tests drive it in JSON: any call into this module means a
// test used XML through the client, which it must not (our XML is checked against the spec's own example documents).
'use strict';
const unavailable = () => {
  throw new Error('the open311 client is used in JSON only: its XML parsers are not installed');
};
module.exports = { parseXml: unavailable, toJson: unavailable };

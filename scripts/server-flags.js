'use strict';
// V8 flags the server runs with (npm start, the benchmark). Charter's caches are bounded, so its
// live heap stays well under this; the cap makes V8 collect garbage from request bursts instead
// of growing the heap (and resident memory) to whatever the burst reached.
module.exports = ['--max-old-space-size=384'];

// Bundles the Node-side entry points with esbuild (filled in below).
console.log('build-node: nothing to build yet');

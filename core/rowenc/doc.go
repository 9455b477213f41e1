// Package rowenc encodes row batches and descriptions for the C ABI
// (docs/formats.md §2 and §3): a pickle protocol 4 stream for Python and a
// plain tagged layout for C.
//
// A codec is chosen per column once, when the result's metadata arrives;
// every value is then written by that codec. The pickle writer emits a
// small fixed set of opcodes and names only the globals of an allow-list
// (AllowedGlobals); every value is length-prefixed, so no value from the
// server can ever be read as an opcode. A fuzz test in tests_go/core/rowenc
// proves both properties.
package rowenc

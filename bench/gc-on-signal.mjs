// Loaded into bench portals only (bench/portal.ts): SIGUSR2 runs a full garbage collection, so
// the memory the benchmark reads before and after a run is what is really kept, not what V8 has
// not got round to collecting yet. Needs --expose-gc.
process.on("SIGUSR2", () => globalThis.gc?.());

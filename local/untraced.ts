// Imported first by the local runtime, before any handler code. Locally the Tracer is off (no
// AWS_EXECUTION_ENV), yet the X-Ray SDK it loads starts, in its default automatic mode, a cls-hooked
// namespace: an async hook with a destroy callback on every promise of the process. With every
// handler in one process that cost ~5% of the CPU in the flash-sale profile (docs/decisions.md), for
// nothing: manual mode skips the hook, and nothing locally opens a segment.
process.env.AWS_XRAY_MANUAL_MODE ??= 'true';

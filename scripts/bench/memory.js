'use strict';
/**
 * Peak-memory probe for one benchmark variant running alone in its own process (`--expose-gc`).
 *
 * Peak RSS comes from two sources, whichever is higher: samples every 5 ms, and the kernel's
 * high-water mark (`resourceUsage().maxRSS`) when it rose during the run (it catches spikes inside
 * synchronous code, where the sampler cannot run). Heap is V8 heap + Buffers (`heapUsed + external`).
 */
function startMemoryProbe() {
	if (typeof global.gc !== 'function') throw new Error('Run with --expose-gc');
	global.gc();
	global.gc();
	const start = process.memoryUsage();
	const startMaxRss = process.resourceUsage().maxRSS * 1024;
	const startHeap = start.heapUsed + start.external;
	let peakRss = start.rss;
	let peakHeap = startHeap;
	const sample = () => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed + now.external);
	};
	const timer = setInterval(sample, 5);
	return {
		stop() {
			clearInterval(timer);
			sample();
			const maxRss = process.resourceUsage().maxRSS * 1024;
			if (maxRss > startMaxRss) peakRss = Math.max(peakRss, maxRss);
			return { baselineRss: start.rss, peakRssDelta: peakRss - start.rss, peakHeapDelta: peakHeap - startHeap };
		},
	};
}

module.exports = { startMemoryProbe };

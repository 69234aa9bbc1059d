/**
 * platform/node-flags
 *
 * The Node.js flags the hub runs with, wherever it is started: `npm start`
 * (package.json), the deployment manifest (deploy/kubernetes.yaml) and the benchmarks that
 * start a hub (bench/support, bench/alerts). A test holds the first two to this list.
 *
 * `--max-semi-space-size=128`: a larger young generation (Node 20's default semi-space is
 * 16 MB). Every request and every subscription delivery makes short-lived objects
 * (promises, messages, frames); with the default, V8 scavenged so often that at 50
 * alerts/s to 10,000 sockets garbage collection took 16.7 % of the hub's busy time and the
 * hub fell behind. Measured in one session (`bench alerts`, 10,000 sockets):
 * - 50 alerts/s, one hub: commit → delivered p99 2.2–5.0 s by default, 0.9–1.1 s at 64 MB,
 *   0.1–0.9 s at 128 MB (the hub then at 95 % of a core: at the edge of keeping up);
 * - 50 alerts/s, two hubs: 285–437 ms by default, 80–151 ms at 64 MB, 98 ms at 128 MB;
 * - 10 alerts/s, one hub: 37.6–38.0 ms at 64 or 128 MB, the hub at 26 % of a core.
 * The price is memory: a busy hub's RSS grows by up to about 250 MB (`bench read` at 10k:
 * 410–478 MB against 236–269 MB).
 */
export const HUB_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=128'];

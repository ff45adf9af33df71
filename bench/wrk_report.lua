-- wrk reports one JSON line: requests/s, latency percentiles in ms, and errors (socket errors
-- and every answer that is not 2xx/3xx).
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    '{"rps": %.2f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, "requests": %d}\n',
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end

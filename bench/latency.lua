-- wrk: print the percentiles the report needs (microseconds), and errors.
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\nP95 %d\nP99 %d\n", latency:percentile(50), latency:percentile(95), latency:percentile(99)))
  io.write(string.format("ERRORS %d\n", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end

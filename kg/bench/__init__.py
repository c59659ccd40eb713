"""The benchmark: a generated corpus (:mod:`kg.bench.generate`) and a harness that runs the
real pipeline on it (:mod:`kg.bench.harness`), timing each stage (:mod:`kg.bench.stages`)."""

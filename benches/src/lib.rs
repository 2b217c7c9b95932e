//! brisk benchmarks: being written (issue 2).

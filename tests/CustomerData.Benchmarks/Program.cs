// Runs issue 7's benchmark items and writes BENCHMARKS.md at the repository root (see BenchmarkApp).
#if DEBUG
// BenchmarkDotNet refuses unoptimized code, and timings of a Debug build mean nothing.
Console.Error.WriteLine($"Run the benchmarks on a Release build: {CustomerData.Benchmarks.BenchmarkApp.Command}");
return 2;
#else
return await CustomerData.Benchmarks.BenchmarkApp.RunAsync(args);
#endif

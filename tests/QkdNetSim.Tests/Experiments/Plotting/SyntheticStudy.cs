using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace QkdNetSim.Tests.Experiments.Plotting;

/// <summary>
/// A small study dataset written the way `qkdnetsim sweep` writes DIR/points.parquet (README "Studies": parameters
/// first, then point, repeat, seed, engine, status, error, wallTimeS, unit, unitName, then metrics):
/// afterpulseProbability {0.045, 0.1} × distanceKm {1, 10, 100, 1000} × 2 repeats × 2 users (alice, bob) = 32 rows.
/// Metrics: secretKeyRateBitPerS, qberSignal, decoyFinite.phaseErrorUpper.0 (per user), averageKeyRateBitPerS (network).
/// The point (0.1, 10 km, repeat 1) failed (its metrics are null); the key rate is 0 at 1000 km.
/// </summary>
internal static class SyntheticStudy
{
    public static readonly double[] Afterpulse = [0.045, 0.1];
    public static readonly double[] DistancesKm = [1, 10, 100, 1000];
    public static readonly string[] Users = ["alice", "bob"];
    public const int Repeats = 2;
    public const int Rows = 32;

    /// <summary>Key rate of a user in a repeat: 1e5 · 10^(−d/50) · (1 − 4 p_A) · (1 for alice, ½ for bob) · (1 ∓ 0.1), 0 beyond 500 km.</summary>
    public static double KeyRateBitPerS(double pA, double dKm, int user, int repeat) =>
        dKm > 500 ? 0 : 1e5 * Math.Pow(10, -dKm / 50) * (1 - 4 * pA) * (user == 0 ? 1 : 0.5) * (repeat == 0 ? 0.9 : 1.1);

    public static bool Failed(double pA, double dKm, int repeat) => pA == 0.1 && dKm == 10 && repeat == 1;

    /// <summary>Writes DIR/points.parquet; with <paramref name="allFailed"/> every point failed.</summary>
    public static void Write(string dir, bool allFailed = false)
    {
        var pA = new List<double>(); var d = new List<double>(); var point = new List<string>(); var repeat = new List<int>();
        var seed = new List<long>(); var engine = new List<string>(); var status = new List<string>(); var error = new List<string>();
        var wall = new List<double>(); var unit = new List<int>(); var unitName = new List<string>();
        var key = new List<double?>(); var qber = new List<double?>(); var average = new List<double?>(); var phase = new List<double?>();
        foreach (double p in Afterpulse)
            foreach (double km in DistancesKm)
                for (int r = 0; r < Repeats; r++)
                {
                    bool failed = allFailed || Failed(p, km, r);
                    for (int u = 0; u < Users.Length; u++)
                    {
                        pA.Add(p);
                        d.Add(km);
                        point.Add(string.Create(CultureInfo.InvariantCulture, $"afterpulseProbability={p}/distanceKm={km}/engine=simulate/repeat={r}"));
                        repeat.Add(r);
                        seed.Add(1000 + pA.Count);
                        engine.Add("simulate");
                        status.Add(failed ? "failed" : "done");
                        error.Add(failed ? "error: scenario: users.0: synthetic failure" : "");
                        wall.Add(0.5);
                        unit.Add(u);
                        unitName.Add(Users[u]);
                        key.Add(failed ? null : KeyRateBitPerS(p, km, u, r));
                        qber.Add(failed ? null : 0.01 + p / 10 + 0.001 * km / 100 + 0.002 * u + 0.001 * r);
                        phase.Add(failed ? null : 0.02 + p / 5);
                        average.Add(failed ? null : (KeyRateBitPerS(p, km, 0, r) + KeyRateBitPerS(p, km, 1, r)) / 2);
                    }
                }
        Directory.CreateDirectory(dir);
        var columns = new (DataField Field, Array Values)[]
        {
            (new DataField<double>("afterpulseProbability"), pA.ToArray()),
            (new DataField<double>("distanceKm"), d.ToArray()),
            (new DataField<string>("point"), point.ToArray()),
            (new DataField<int>("repeat"), repeat.ToArray()),
            (new DataField<long>("seed"), seed.ToArray()),
            (new DataField<string>("engine"), engine.ToArray()),
            (new DataField<string>("status"), status.ToArray()),
            (new DataField<string>("error"), error.ToArray()),
            (new DataField<double>("wallTimeS"), wall.ToArray()),
            (new DataField<int>("unit"), unit.ToArray()),
            (new DataField<string>("unitName"), unitName.ToArray()),
            (new DataField<double?>("secretKeyRateBitPerS"), key.ToArray()),
            (new DataField<double?>("qberSignal"), qber.ToArray()),
            (new DataField<double?>("decoyFinite.phaseErrorUpper.0"), phase.ToArray()),
            (new DataField<double?>("averageKeyRateBitPerS"), average.ToArray()),
        };
        using var stream = File.Create(Path.Combine(dir, "points.parquet"));
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field)), stream).GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            foreach (var (field, values) in columns)
            {
                var task = values switch
                {
                    double[] v => group.WriteAsync<double>(field, v.AsMemory()),
                    int[] v => group.WriteAsync<int>(field, v.AsMemory()),
                    long[] v => group.WriteAsync<long>(field, v.AsMemory()),
                    double?[] v => group.WriteAsync<double>(field, (ReadOnlyMemory<double?>)v.AsMemory()),
                    string[] v => group.WriteAsync(field, v),
                    _ => throw new ArgumentException(values.GetType().Name),
                };
                task.GetAwaiter().GetResult();
            }
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

using QkdNetSim.Studies;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Studies;

/// <summary>Study files to points: grids, ranges, zips, samples and repeats; seeds, ids and folders that do not depend on the index.</summary>
public sealed class StudyExpansionTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private Study Load(string yaml) => StudyFile.Load(_tmp.Write($"s{Guid.NewGuid():N}.yaml", yaml));

    private static string[] Texts(StudyParameter p) => p.Values.Select(v => v.Text).ToArray();

    [Fact]
    public void A_distance_knob_acts_on_the_users_a_capacity_knob_builds_whatever_the_order_of_the_study()
    {
        // capacity rebuilds the users from the first user (its fibre included); distance must still set every fibre.
        var study = Load("""
            name: order
            base: builtin
            parameters:
              distance: [5]
            zip:
              capacity: [16]
            """);
        var plan = StudyPlan.Prepare(study, workers: 1);
        var point = Assert.Single(plan.Points);
        var loaded = QkdNetSim.Runs.Access.ScenarioLoader.LoadFromText(QkdNetSim.Runs.BuiltInScenarios.Seed004Default, QkdNetSim.Runs.BuiltInScenarios.DefaultVirtualPath, point.Overrides);
        Assert.Equal(16, loaded.Users.Count);
        Assert.All(loaded.Users, u => Assert.Equal(5, u.FibreLengthKm));
    }

    [Fact]
    public void Lists_ranges_zips_and_repeats_expand_to_their_cartesian_product()
    {
        var study = Load("""
            name: expand
            base: builtin
            parameters:
              receiver.detector.afterpulseProbability: [0.045, 0.10]
              users.0.fibreLengthKm: {from: 0, to: 40, steps: 5}
              receiver.detector.darkCountProbabilityPerGate: {from: 1e-6, to: 1e-4, steps: 3, scale: log}
              combiner.type: [splitter, dwdm]
            zip:
              users.1.fibreLengthKm: [10, 20.5]
              users.1.name: [far, farther]
            repeats: 2
            """);
        var p = study.Parameters;
        Assert.Equal(["0.045", "0.1"], Texts(p[0]));
        Assert.Equal(ParameterType.Real, p[0].Type);
        Assert.Equal(["0", "10", "20", "30", "40"], Texts(p[1]));
        Assert.Equal(ParameterType.Integer, p[1].Type); // integral ends and steps: an integer column
        Assert.Equal(["1E-06", "1E-05", "0.0001"], Texts(p[2])); // log range, 15 significant digits
        Assert.Equal(ParameterType.Text, p[3].Type);
        Assert.Equal(["10", "20.5"], Texts(p[4]));
        Assert.Equal(ParameterType.Real, p[4].Type);
        Assert.Equal(ParameterGroup.Zip, p[5].Group);

        var points = study.Points();
        Assert.Equal(2 * 5 * 3 * 2 * 2 * 2, points.Count);
        Assert.Equal(points.Count, study.PointCount);
        Assert.Equal(points.Count, points.Select(x => x.Id).Distinct().Count());
        Assert.Equal(points.Count, points.Select(x => x.RelativeDir).Distinct().Count());
        Assert.Equal(points.Count, points.Select(x => x.Seed).Distinct().Count());
        Assert.All(points, x => Assert.True(x.Seed < 1UL << 63));
        // Zipped values move together; repeat varies fastest, the first grid parameter slowest.
        Assert.All(points, x => Assert.Equal(x.Values[4].Text == "10" ? "far" : "farther", x.Values[5].Text));
        Assert.Equal([0, 1], points.Take(2).Select(x => x.Repeat));
        Assert.Equal("0.045", points[points.Count / 2 - 1].Values[0].Text);
        Assert.Equal("0.1", points[points.Count / 2].Values[0].Text);
        // Hive keys: the last segment; users.0/1 collide on fibreLengthKm, so theirs keep the path from the list name.
        Assert.Equal(["afterpulseProbability", "users.0.fibreLengthKm", "darkCountProbabilityPerGate", "type", "users.1.fibreLengthKm", "name"],
            p.Select(x => x.HiveKey));
        Assert.Equal("afterpulseProbability=0.045/users.0.fibreLengthKm=0/darkCountProbabilityPerGate=1E-06/type=splitter/users.1.fibreLengthKm=10/name=far/engine=simulate/repeat=0",
            points[0].RelativeDir);
    }

    [Fact]
    public void Random_and_latin_hypercube_samples_are_seeded_by_the_study_seed_and_stay_in_range()
    {
        string Sample(string method, int seed) => $$"""
            base: builtin
            seed: {{seed}}
            sample:
              method: {{method}}
              count: 40
              parameters:
                users.0.fibreLengthKm: {from: 5, to: 25}
                receiver.detector.darkCountProbabilityPerGate: {from: 1e-7, to: 1e-5, scale: log}
            """;
        var lhs = Load(Sample("latinHypercube", 3));
        Assert.Equal(40, lhs.PointCount);
        foreach (var (p, from, to, log) in new[] { (lhs.Parameters[0], 5.0, 25.0, false), (lhs.Parameters[1], 1e-7, 1e-5, true) })
        {
            var u = p.Values.Select(v => log ? Math.Log(v.Number / from) / Math.Log(to / from) : (v.Number - from) / (to - from)).ToArray();
            Assert.All(u, x => Assert.InRange(x, 0, 1));
            // Latin hypercube: exactly one value in each of the 40 equal strata.
            Assert.Equal(Enumerable.Range(0, 40), u.Select(x => (int)Math.Min(39, Math.Floor(x * 40))).Order());
        }
        Assert.Equal(Texts(lhs.Parameters[0]), Texts(Load(Sample("latinHypercube", 3)).Parameters[0]));
        Assert.NotEqual(Texts(lhs.Parameters[0]), Texts(Load(Sample("latinHypercube", 4)).Parameters[0]));

        var random = Load(Sample("random", 3));
        Assert.All(random.Parameters[0].Values, v => Assert.InRange(v.Number, 5, 25));
        Assert.NotEqual(Texts(lhs.Parameters[0]), Texts(random.Parameters[0]));
    }

    [Fact]
    public void Extending_a_grid_leaves_existing_points_ids_seeds_and_folders_unchanged()
    {
        const string Head = "base: builtin\nseed: 11\nrepeats: 2\nparameters:\n  receiver.detector.afterpulseProbability: ";
        var small = Load(Head + "[0.045, 0.1]\n  users.0.fibreLengthKm: [10]\n").Points();
        var large = Load(Head + "[0.01, 0.045, 0.07, 0.1]\n  users.0.fibreLengthKm: [10, 30]\n").Points();
        foreach (var p in small)
        {
            var same = Assert.Single(large, q => q.Id == p.Id);
            Assert.Equal(p.Seed, same.Seed);
            Assert.Equal(p.RelativeDir, same.RelativeDir);
            Assert.NotEqual(p.Index, same.Index); // the index moved, nothing derived from it did
        }
        // The study seed enters every point's seed.
        var reseeded = Load(Head.Replace("seed: 11", "seed: 12") + "[0.045, 0.1]\n  users.0.fibreLengthKm: [10]\n").Points();
        Assert.All(small.Zip(reseeded), x => Assert.NotEqual(x.First.Seed, x.Second.Seed));
    }

    [Fact]
    public void Integer_ranges_round_and_a_text_value_is_escaped_in_its_folder_name()
    {
        var study = Load("base: builtin\nparameters:\n  receiver.timeBins: {from: 2, to: 64, steps: 6, scale: log, integer: true}\n  name: ['a/b=c', .x]\n");
        Assert.Equal(["2", "4", "8", "16", "32", "64"], Texts(study.Parameters[0]));
        Assert.Equal(ParameterType.Integer, study.Parameters[0].Type);
        Assert.Equal("name=a%2Fb%3Dc", study.Points()[0].RelativeDir.Split('/')[1]);
        Assert.Equal("name=%2Ex", study.Points()[1].RelativeDir.Split('/')[1]);
        Assert.Equal("'a/b=c'", study.Parameters[1].Values[0].OverrideText);
        Assert.Equal(12, study.Points().Count);
    }
}

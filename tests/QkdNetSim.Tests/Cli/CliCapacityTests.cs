using System.Text.Json.Nodes;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Studies.Capacity;

namespace QkdNetSim.Tests.Cli;

/// <summary>`qkdnetsim capacity`: the search's answer on stdout (table with units, or JSON), bad input as one line.</summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliCapacityTests
{
    private static string Fig3a => Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed004-fig3a-splitter.yaml");

    [Fact]
    public void Capacity_prints_the_boundary_with_its_unit_and_json_gives_the_searchs_numbers()
    {
        string[] args = ["capacity", Fig3a, "--maximize", "capacity", "--target-key-rate", "1000", "--set", "users.0.fibreLengthKm=10"];
        var table = CliRunner.Invoke(args);
        Assert.True(table.ExitCode == 0, table.Stderr);
        var kind = KindRegistry.Get(KindNames.Access);
        string yaml = File.ReadAllText(Fig3a);
        var expected = CapacitySearch.Run(kind, extra => kind.Load(yaml, Fig3a, ["users.0.fibreLengthKm=10", .. extra]), new CapacityQuery("capacity", 1000));
        Assert.Contains($"capacity boundary: {expected.Boundary} users (", table.Stdout);

        var json = CliRunner.Invoke([.. args, "--format", "json"]);
        Assert.True(json.ExitCode == 0, json.Stderr);
        var row = JsonNode.Parse(json.Stdout)!.AsArray().Single()!;
        Assert.Equal(expected.Boundary, (double)row["boundary"]!);
        Assert.Equal("boundary", (string)row["outcome"]!);
        Assert.Equal("users", (string)row["unit"]!);
        Assert.Equal(expected.Last!.WorstKeyRateBitPerS, (double)row["worstKeyRateBitPerS"]!);
    }

    [Fact]
    public void A_knob_set_before_the_search_builds_the_network_it_searches()
    {
        var r = CliRunner.Invoke("capacity", Fig3a, "--knob", "capacity=16", "--maximize", "activeUsers", "--target-key-rate", "1", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var row = JsonNode.Parse(r.Stdout)!.AsArray().Single()!;
        Assert.Equal("metUpToValidLimit", (string)row["outcome"]!);
        Assert.Equal(16, (double)row["boundary"]!); // every one of the 16 bins can be switched on
    }

    [Theory]
    [InlineData(new[] { "capacity", "--maximize", "distance" }, "--target-key-rate")]
    [InlineData(new[] { "capacity", "--target-key-rate", "1" }, "--maximize")]
    [InlineData(new[] { "capacity", "--maximize", "receiver.detector.efficiency", "--target-key-rate", "1" }, "--maximize")]
    [InlineData(new[] { "capacity", "--maximize", "distance", "--target-key-rate", "-1" }, "--target-key-rate")]
    [InlineData(new[] { "capacity", "--maximize", "distance", "--target-key-rate", "1", "--knob", "volume=3" }, "--knob")]
    public void Bad_capacity_input_is_one_line_and_exit_code_2(string[] args, string field)
    {
        var r = CliRunner.Invoke(args);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal("", r.Stdout);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith($"error: command line: {field}: ", line);
    }
}

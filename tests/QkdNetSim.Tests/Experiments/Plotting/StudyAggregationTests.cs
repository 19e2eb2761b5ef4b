using QkdNetSim.Experiments.Plotting;

namespace QkdNetSim.Tests.Experiments.Plotting;

public sealed class StudyAggregationTests
{
    [Fact]
    public void Repeats_are_averaged_with_the_standard_error_of_the_mean()
    {
        // y = 1, 2, 4: mean 7/3; sample variance ((4/3)² + (1/3)² + (5/3)²)/2 = 7/3; standard error √(7/3 / 3) = √7/3.
        var means = StudyAggregation.Means([new(0, 10, 0, 1), new(0, 10, 0, 2), new(0, 10, 0, 4)]);
        var p = Assert.Single(means);
        Assert.Equal(7.0 / 3, p.Mean, 12);
        Assert.Equal(Math.Sqrt(7) / 3, p.StandardError, 12);
        Assert.Equal(3, p.Repeats);
    }

    [Fact]
    public void A_single_repeat_has_a_mean_but_no_error_bar()
    {
        var p = Assert.Single(StudyAggregation.Means([new(0, 1, 0, 5.5)]));
        Assert.Equal(5.5, p.Mean);
        Assert.True(double.IsNaN(p.StandardError));
        Assert.Equal(1, p.Repeats);
    }

    [Fact]
    public void Series_x_values_and_units_are_never_mixed_and_come_out_sorted()
    {
        var means = StudyAggregation.Means(
        [
            new(1, 20, 0, 7), new(0, 20, 0, 3), new(0, 10, 1, 100), new(0, 10, 0, 1), new(0, 10, 0, 3),
        ]);
        Assert.Equal([(0, 10.0, 0, 2.0), (0, 10.0, 1, 100.0), (0, 20.0, 0, 3.0), (1, 20.0, 0, 7.0)],
            means.Select(m => (m.Series, m.X, m.Unit, m.Mean)).ToArray());
    }

    [Fact]
    public void The_minimum_over_units_keeps_the_worst_units_mean_and_its_own_error_bar()
    {
        // unit 0: 10, 12 (mean 11, se |10 − 12|/2 = 1); unit 1: 4, 8 (mean 6, se 2); unit 2: 6 (mean 6, one repeat).
        var p = Assert.Single(StudyAggregation.Means(
            [new(0, 1, 0, 10), new(0, 1, 0, 12), new(0, 1, 1, 4), new(0, 1, 1, 8), new(0, 1, 2, 6)], minimumOverUnits: true));
        Assert.Equal(1, p.Unit); // ties (units 1 and 2 both 6) go to the lower index
        Assert.Equal(6, p.Mean, 12);
        Assert.Equal(2, p.StandardError, 12);
        Assert.Equal(2, p.Repeats);
    }
}

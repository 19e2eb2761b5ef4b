namespace QkdNetSim.Core.Random;

/// <summary>
/// Two independent standard normals per call by Marsaglia's polar method (the same method as
/// <see cref="Samplers.StandardNormal"/>, which discards the second variate; the sample generator needs pairs: one per
/// quadrature: the heterodyne detector and the CV modulations).
/// </summary>
public static class GaussianPair
{
    public static void Next(ref Xoshiro256 rng, out double first, out double second)
    {
        while (true)
        {
            double u = 2 * rng.NextDouble() - 1, v = 2 * rng.NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1)
            {
                double f = Math.Sqrt(-2 * Math.Log(s) / s);
                first = u * f;
                second = v * f;
                return;
            }
        }
    }
}

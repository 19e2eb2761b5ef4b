namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// Von Neumann entropy of a Gaussian state in bits: S = sum_k g(nu_k) over the symplectic eigenvalues (SNU, vacuum nu = 1),
/// g(nu) = ((nu+1)/2) log2((nu+1)/2) - ((nu-1)/2) log2((nu-1)/2)
/// (Weedbrook et al., RMP 84, 621 (2012), written in SNU; Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018)).
/// </summary>
public static class VonNeumannEntropy
{
    /// <summary>Symplectic eigenvalues this far below 1 are treated as round-off of 1; anything lower is unphysical.</summary>
    public const double RoundOffBelowOne = 1e-6;

    /// <summary>g(nu) in bits; g(1) = 0 exactly.</summary>
    public static double G(double symplecticEigenvalue)
    {
        double nu = symplecticEigenvalue;
        if (double.IsNaN(nu) || nu < 1.0 - RoundOffBelowOne)
            throw new ArgumentOutOfRangeException(nameof(symplecticEigenvalue), nu, "symplectic eigenvalue must be >= 1 (uncertainty principle)");
        if (nu <= 1.0) return 0.0;
        double plus = 0.5 * (nu + 1.0), minus = 0.5 * (nu - 1.0);
        return plus * Math.Log2(plus) - minus * Math.Log2(minus);
    }

    /// <summary>S(rho) in bits from its symplectic eigenvalues.</summary>
    public static double Bits(IEnumerable<double> symplecticEigenvalues) => symplecticEigenvalues.Sum(G);

    /// <summary>S(rho) in bits of a Gaussian state with covariance matrix <paramref name="covariance"/>.</summary>
    public static double Bits(CovarianceMatrix covariance) => Bits(SymplecticSpectrum.Of(covariance));
}

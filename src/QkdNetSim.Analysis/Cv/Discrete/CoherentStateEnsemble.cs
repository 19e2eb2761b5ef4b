using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Entropy of a mixture of pure coherent states rho = sum_k q_k |e_k&gt;&lt;e_k| from the eigenvalues of its Gram matrix
/// G_kl = sqrt(q_k q_l) &lt;e_k|e_l&gt; (same nonzero spectrum as rho), with
/// &lt;beta|gamma&gt; = exp(-|beta|^2/2 - |gamma|^2/2 + conj(beta) gamma) (Glauber; used for QPSK by
/// Lin et al., PRX 9, 041064 (2019), App., and Heid &amp; Lütkenhaus, PRA 73, 052316 (2006)).
/// Multi-mode product states: the overlap is the product over modes (<see cref="ProductOverlap"/>).
/// </summary>
public static class CoherentStateEnsemble
{
    /// <summary>&lt;beta|gamma&gt; of two single-mode coherent states.</summary>
    public static Complex Overlap(Complex beta, Complex gamma)
        => Complex.Exp(-0.5 * (beta.Magnitude * beta.Magnitude + gamma.Magnitude * gamma.Magnitude) + Complex.Conjugate(beta) * gamma);

    /// <summary>&lt;beta_1 ... beta_n|gamma_1 ... gamma_n&gt; of product coherent states: product of single-mode overlaps.</summary>
    public static Complex ProductOverlap(IReadOnlyList<Complex> beta, IReadOnlyList<Complex> gamma)
    {
        if (beta.Count != gamma.Count) throw new ArgumentException("both states need the same number of modes");
        Complex o = Complex.One;
        for (int m = 0; m < beta.Count; m++) o *= Overlap(beta[m], gamma[m]);
        return o;
    }

    /// <summary>Von Neumann entropy (bits) of sum_k q_k |e_k&gt;&lt;e_k| given the overlaps o(k, l) = &lt;e_k|e_l&gt;.</summary>
    public static double EntropyBits(IReadOnlyList<double> weights, Func<int, int, Complex> overlap)
    {
        int n = weights.Count;
        var g = Matrix<Complex>.Build.Dense(n, n, (k, l) => Math.Sqrt(weights[k] * weights[l]) * overlap(k, l));
        g = 0.5 * (g + g.ConjugateTranspose());
        var eig = g.Evd(Symmetricity.Hermitian).EigenValues;
        return ShannonOfEigenvalues(eig.Select(c => c.Real));
    }

    /// <summary>Entropy (bits) of sum_k q_k |e_k&gt;&lt;e_k| for single-mode coherent states e_k.</summary>
    public static double EntropyBits(IReadOnlyList<double> weights, IReadOnlyList<Complex> amplitudes)
        => EntropyBits(weights, (k, l) => Overlap(amplitudes[k], amplitudes[l]));

    /// <summary>-sum lambda log2 lambda over the positive eigenvalues (round-off negatives dropped).</summary>
    public static double ShannonOfEigenvalues(IEnumerable<double> eigenvalues)
    {
        double s = 0;
        foreach (double l in eigenvalues)
            if (l > 1e-15) s -= l * Math.Log2(l);
        return s;
    }

    /// <summary>Fock amplitudes &lt;n|alpha&gt; = exp(-|alpha|^2/2) alpha^n / sqrt(n!) for n = 0..dimension-1 (recursive, no overflow).</summary>
    public static Complex[] FockAmplitudes(Complex alpha, int dimension)
    {
        var c = new Complex[dimension];
        c[0] = Math.Exp(-0.5 * alpha.Magnitude * alpha.Magnitude);
        for (int n = 1; n < dimension; n++) c[n] = c[n - 1] * alpha / Math.Sqrt(n);
        return c;
    }
}

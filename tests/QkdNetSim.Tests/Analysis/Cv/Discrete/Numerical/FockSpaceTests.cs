using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using QkdNetSim.Analysis.Cv.Discrete.Numerical;

namespace QkdNetSim.Tests.Analysis.Cv.Discrete.Numerical;

public class FockSpaceTests
{
    private static readonly Complex Beta = new(0.45, -0.3);

    /// <summary>D(beta)|0&gt; = |beta&gt;: the Laguerre form against the independent recursive coherent amplitudes (round-off only).</summary>
    [Fact]
    public void Displaced_vacuum_is_the_coherent_state()
    {
        var d = FockSpace.Displacement(Beta, 30, 1);
        var c = FockSpace.Coherent(Beta, 30);
        Assert.True((d.Column(0) - c).L2Norm() < 1e-14);
    }

    /// <summary>
    /// D(a) D(b) = exp(i Im(a conj b)) D(a + b) on the leading 12 x 12 block, the product taken in 80 Fock states (the
    /// displaced states |n &lt;= 11&gt; of |a| &lt; 1 have a tail below 1e-30 beyond 80, so 1e-12 is round-off). Checks the m &lt; n branch.
    /// </summary>
    [Fact]
    public void Displacements_compose_with_the_Weyl_phase()
    {
        Complex a = new(0.3, 0.5), b = new(-0.6, 0.2);
        var product = FockSpace.Displacement(a, 12, 80) * FockSpace.Displacement(b, 80, 12);
        var direct = FockSpace.Displacement(a + b, 12, 12) * Complex.FromPolarCoordinates(1, (a * Complex.Conjugate(b)).Imaginary);
        Assert.True((product - direct).FrobeniusNorm() < 1e-12);
    }

    /// <summary>D(beta)^dagger a D(beta) = a + beta on the leading block (80 Fock states, same tail argument as above).</summary>
    [Fact]
    public void Displacement_shifts_the_annihilation_operator()
    {
        var d = FockSpace.Displacement(Beta, 80, 10);
        var shifted = d.ConjugateTranspose() * FockSpace.Annihilation(80) * d;
        var expected = FockSpace.Annihilation(10) + Beta * Matrix<Complex>.Build.DenseIdentity(10);
        Assert.True((shifted - expected).FrobeniusNorm() < 1e-12);
    }

    /// <summary>The displaced number states held by the chosen Fock dimension are orthonormal to within its 1e-14 tail.</summary>
    [Fact]
    public void Held_displaced_number_states_are_orthonormal()
    {
        int m = FockSpace.DimensionHoldingDisplacedStates(new Complex(0.0, 1.2), 20);
        var d = FockSpace.Displacement(new Complex(0.0, 1.2), m, 21);
        Assert.True((d.ConjugateTranspose() * d - Matrix<Complex>.Build.DenseIdentity(21)).FrobeniusNorm() < 1e-12);
    }

    [Fact]
    public void Laguerre_polynomials_match_closed_forms()
    {
        const double x = 0.7;
        Assert.Equal(1.0, FockSpace.Laguerre(0, 3, x), 15);
        Assert.Equal(4.0 - x, FockSpace.Laguerre(1, 3, x), 14);
        // L_2^(k)(x) = x^2/2 - (k+2) x + (k+2)(k+1)/2
        Assert.Equal(x * x / 2 - 5 * x + 10, FockSpace.Laguerre(2, 3, x), 13);
    }
}

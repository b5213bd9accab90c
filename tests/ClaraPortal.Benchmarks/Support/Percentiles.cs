namespace ClaraPortal.Benchmarks.Support;

/// <summary>Nearest-rank percentiles of a set of durations in milliseconds.</summary>
public sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        _sorted = [.. milliseconds.Order()];
    }

    public int Count => _sorted.Length;

    public double P50 => At(50);

    public double P95 => At(95);

    public double P99 => At(99);

    public double Max => _sorted.Length == 0 ? 0 : _sorted[^1];

    public double Mean => _sorted.Length == 0 ? 0 : _sorted.Average();

    public double At(double percentile)
    {
        if (_sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}

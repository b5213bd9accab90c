using System.Globalization;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// One progress line on a terminal (percent, count, rate, time left), rewritten in place at most a few times a second;
/// plain lines every tenth of the way when the output is redirected (CI logs, tests).
/// </summary>
internal sealed class DemoProgress(TextWriter output, bool interactive, TimeProvider time)
{
    private const int BarWidth = 28;
    private readonly Lock _gate = new();
    private long _total;
    private long _done;
    private long _startedAt;
    private long _lastRenderAt;
    private int _lastDecile = -1;
    private string _phase = "";

    public long Done => Interlocked.Read(ref _done);

    public void Start(long total)
    {
        _total = Math.Max(1, total);
        _startedAt = time.GetTimestamp();
        Render(force: true);
    }

    /// <summary>What the work is doing now, shown before the bar.</summary>
    public void Phase(string phase)
    {
        lock (_gate)
        {
            _phase = phase;
        }

        Render(force: true);
    }

    public void Advance(long count = 1)
    {
        Interlocked.Add(ref _done, count);
        Render(force: false);
    }

    /// <summary>Ends the line so what follows starts on its own.</summary>
    public void Complete()
    {
        Render(force: true);
        if (interactive)
        {
            lock (_gate)
            {
                output.WriteLine();
            }
        }
    }

    private void Render(bool force)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            var done = Math.Min(Interlocked.Read(ref _done), _total);
            var fraction = (double)done / _total;
            var decile = (int)(fraction * 10);
            if (interactive ? !force && time.GetElapsedTime(_lastRenderAt, now) < TimeSpan.FromMilliseconds(250) : !force && decile == _lastDecile)
            {
                return;
            }

            _lastRenderAt = now;
            _lastDecile = decile;
            var elapsed = time.GetElapsedTime(_startedAt, now);
            var rate = elapsed.TotalSeconds > 0.5 ? done / elapsed.TotalSeconds : 0;
            var left = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : (TimeSpan?)null;
            var filled = (int)Math.Round(fraction * BarWidth);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{_phase,-22} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,6:P1}  {done:N0}/{_total:N0}  {rate:N0}/s  {(left is { } l ? $"{(int)l.TotalMinutes}:{l.Seconds:00} left" : "")}");
            if (interactive)
            {
                output.Write('\r' + line.PadRight(Console.IsOutputRedirected ? 0 : Math.Max(0, SafeWidth() - 1)));
            }
            else
            {
                output.WriteLine(line.TrimEnd());
            }
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 100;
        }
    }
}

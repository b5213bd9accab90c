using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>One entry as the code logged it: what a test claiming "is logged" asserts on.</summary>
public sealed record LoggedEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>
/// A real logger provider that keeps every entry, for tests that say something is logged (a NullLogger would let
/// them pass with the log call deleted). Register with <c>services.AddLogging(b => b.AddProvider(log))</c> or
/// take a logger from <see cref="For{T}"/>.
/// </summary>
public sealed class TestLog : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedEntry> _entries = new();

    public IReadOnlyList<LoggedEntry> Entries => [.. _entries];

    /// <summary>Entries of the category of <typeparamref name="T"/> (its full type name, as ILogger&lt;T&gt; names it).</summary>
    public IReadOnlyList<LoggedEntry> Of<T>() => [.. _entries.Where(e => e.Category == typeof(T).FullName)];

    public ILogger<T> For<T>() => new LoggerFactory([this]).CreateLogger<T>();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LoggedEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}

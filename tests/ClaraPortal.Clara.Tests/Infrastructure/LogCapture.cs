using System.Collections.Concurrent;
using ClaraPortal.Clara;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Clara.Tests.Infrastructure;

public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception)
{
    /// <summary>Everything a log sink could write: message, every structured value, the exception with its stack.</summary>
    public string FullText => string.Join(" | ",
        new[] { Message, Exception?.ToString() ?? "" }.Concat(State.Select(kv => $"{kv.Key}={kv.Value}")));
}

/// <summary>Collects what the client logs, so tests can count calls and check that no secret leaks.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Runs on every entry, on the logging thread: lets a test react to a retry as it happens.</summary>
    public Action<LogEntry>? OnLog { get; set; }

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public int Count(int eventId) => _entries.Count(e => e.EventId.Id == eventId);

    public int TokensObtained => Count(10);

    public int TokensRejected => Count(11);

    public int Retries => Count(3);

    public ILogger<ClaraClient> CreateLogger() => new LoggerFactory([this]).CreateLogger<ClaraClient>();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            var entry = new LogEntry(logLevel, eventId, formatter(state, exception), [.. values], exception);
            owner._entries.Enqueue(entry);
            owner.OnLog?.Invoke(entry);
        }
    }
}

using System.Security.Claims;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Security.Hosting;

/// <summary>
/// The session rules on a real SQLite file with a fake clock: the absolute lifetime from sign-in, sign-out anywhere ending
/// every older session, a disabled or unknown user; and the circuit's periodic check applying them.
/// </summary>
public sealed class PortalSessionValidatorTests : IAsyncLifetime
{
    private const string Subject = "dev-issuer";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private PortalSessionValidator Validator(PortalSessionOptions? options = null) =>
        new(_database.Portal, _time, Options.Create(options ?? new PortalSessionOptions()));

    private async Task<ClaimsPrincipal> SignInAsync()
    {
        var identity = new ClaimsIdentity("test", PortalClaimTypes.Name, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.Subject, Subject));
        identity.AddClaim(new Claim(PortalClaimTypes.Name, "Isabel Issuer"));
        identity.AddClaim(new Claim(PortalClaimTypes.Username, "issuer"));
        identity.AddClaim(new Claim(PortalClaimTypes.Role, PortalRoles.Issuer));
        identity.AddClaim(Validator().StartClaim());
        var principal = new ClaimsPrincipal(identity);
        Assert.True(await new PortalUserDirectory(_database.Portal, _time).RecordSignInAsync(principal, CancellationToken.None));
        return principal;
    }

    [Fact]
    public async Task A_session_holds_until_its_absolute_lifetime_has_passed_since_sign_in()
    {
        var principal = await SignInAsync();
        var validator = Validator(new PortalSessionOptions { AbsoluteLifetime = TimeSpan.FromHours(8) });

        _time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        Assert.Equal(SessionVerdict.Valid, await validator.CheckAsync(principal, CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SessionVerdict.Expired, await validator.CheckAsync(principal, CancellationToken.None));
    }

    [Fact]
    public async Task Signing_out_ends_every_session_started_before_but_not_the_next_one()
    {
        var elsewhere = await SignInAsync();
        _time.Advance(TimeSpan.FromMinutes(5));

        await new PortalUserDirectory(_database.Portal, _time).EndSessionsAsync(Subject, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var next = await SignInAsync();

        Assert.Equal(SessionVerdict.Revoked, await Validator().CheckAsync(elsewhere, CancellationToken.None));
        Assert.Equal(SessionVerdict.Valid, await Validator().CheckAsync(next, CancellationToken.None));
    }

    [Fact]
    public async Task A_disabled_user_loses_the_session_and_cannot_sign_in_again()
    {
        var principal = await SignInAsync();
        await using (var db = _database.CreateDbContext())
        {
            var user = db.Users.Single(u => u.Subject == Subject);
            user.DisabledAt = _time.GetUtcNow();
            await db.SaveChangesAsync();
        }

        Assert.Equal(SessionVerdict.Revoked, await Validator().CheckAsync(principal, CancellationToken.None));
        Assert.False(await new PortalUserDirectory(_database.Portal, _time).RecordSignInAsync(principal, CancellationToken.None));
    }

    [Fact]
    public async Task A_user_unknown_to_the_directory_or_a_session_without_a_start_does_not_hold()
    {
        var principal = await SignInAsync();
        await using (var db = _database.CreateDbContext())
        {
            db.Users.Remove(db.Users.Single(u => u.Subject == Subject));
            await db.SaveChangesAsync();
        }

        Assert.Equal(SessionVerdict.Revoked, await Validator().CheckAsync(principal, CancellationToken.None));

        var withoutStart = new ClaimsPrincipal(new ClaimsIdentity([new Claim(PortalClaimTypes.Subject, Subject)], "test"));
        Assert.Equal(SessionVerdict.Unknown, await Validator().CheckAsync(withoutStart, CancellationToken.None));
    }

    [Fact]
    public async Task An_open_circuit_turns_invalid_once_the_user_signs_out_elsewhere()
    {
        var principal = await SignInAsync();
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(_database.Portal)
            .AddSingleton(Options.Create(new PortalSessionOptions()))
            .AddScoped<PortalSessionValidator>()
            .BuildServiceProvider();
        var provider = new PortalRevalidatingAuthenticationStateProvider(
            NullLoggerFactory.Instance, services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new PortalSessionOptions()));
        var state = new AuthenticationState(principal);

        Assert.True(await provider.IsStillValidAsync(state, CancellationToken.None));

        _time.Advance(TimeSpan.FromMinutes(2));
        await new PortalUserDirectory(_database.Portal, _time).EndSessionsAsync(Subject, CancellationToken.None);

        Assert.False(await provider.IsStillValidAsync(state, CancellationToken.None));
        ((IDisposable)provider).Dispose();
    }

    [Theory]
    [InlineData("00:00:00", "08:00:00", "IdleTimeout")]
    [InlineData("00:30:00", "00:10:00", "AbsoluteLifetime")]
    public void Session_settings_that_make_no_sense_are_refused_at_start(string idle, string absolute, string named)
    {
        var options = new PortalSessionOptions { IdleTimeout = TimeSpan.Parse(idle, System.Globalization.CultureInfo.InvariantCulture), AbsoluteLifetime = TimeSpan.Parse(absolute, System.Globalization.CultureInfo.InvariantCulture) };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains($"Portal:Session:{named}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_thirty_minutes_idle_and_eight_hours_in_all()
    {
        var options = new PortalSessionOptions();

        Assert.Equal(TimeSpan.FromMinutes(30), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(8), options.AbsoluteLifetime);
    }
}

using System.Net.Sockets;
using ClaraPortal.Clara;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Tests.Localization;

public sealed class UserMessagesTests
{
    private static readonly IStringLocalizer<SharedResource> L =
        new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

    // Words a lower layer's message carries; none of them may reach the user.
    private const string Secret = "SQLite Error 5: 'database is locked' at /srv/portal.db";

    public static TheoryData<string, Exception, string, string> Kinds => new()
    {
        { "access denied", new AccessDeniedException("CanIssue", "dev-issuer"), "Your role does not allow this.", "Tu rol no permite hacer esto." },
        { "outcome unknown", new ClaraOutcomeUnknownException("key-1", "POST /v1/vcn/submit", "corr-1", new TimeoutException(Secret)),
            "Clara did not answer, so it is not known whether this was done. Check the card before trying again.",
            "Clara no respondió, así que no se sabe si esto se hizo. Revisa la tarjeta antes de intentarlo de nuevo." },
        { "http", new HttpRequestException(Secret), "Clara cannot be reached right now. Try again in a moment.", "Por ahora no se puede contactar a Clara. Inténtalo de nuevo en un momento." },
        { "timeout", new TimeoutException(Secret), "Clara cannot be reached right now. Try again in a moment.", "Por ahora no se puede contactar a Clara. Inténtalo de nuevo en un momento." },
        { "socket", new SocketException(111), "Clara cannot be reached right now. Try again in a moment.", "Por ahora no se puede contactar a Clara. Inténtalo de nuevo en un momento." },
        { "not found", new KeyNotFoundException(Secret), "It does not exist any more, or it is not one of yours.", "Ya no existe o no es tuyo." },
        { "argument", new ArgumentException(Secret, "reason"), "Some of what was entered is not accepted. Check the fields and try again.",
            "Parte de lo que se escribió no se acepta. Revisa los campos e inténtalo de nuevo." },
        { "argument out of range", new ArgumentOutOfRangeException("value", Secret), "Some of what was entered is not accepted. Check the fields and try again.",
            "Parte de lo que se escribió no se acepta. Revisa los campos e inténtalo de nuevo." },
        { "concurrency", new DbUpdateConcurrencyException(Secret), "Someone else changed this in the meantime. Reload the page and try again.",
            "Alguien más lo cambió mientras tanto. Recarga la página e inténtalo de nuevo." },
        { "anything else", new InvalidOperationException(Secret), "Something went wrong. Try again; if it keeps happening, tell an administrator.",
            "Algo salió mal. Inténtalo de nuevo; si sigue ocurriendo, avisa a un administrador." },
        { "database", new DbUpdateException(Secret), "Something went wrong. Try again; if it keeps happening, tell an administrator.",
            "Algo salió mal. Inténtalo de nuevo; si sigue ocurriendo, avisa a un administrador." },
        { "clara 401", Clara(401, "UNAUTHORIZED", Secret), "Clara did not accept the portal's credentials. Tell an administrator.",
            "Clara no aceptó las credenciales del portal. Avisa a un administrador." },
        { "clara 403", Clara(403, "FORBIDDEN", Secret), "Clara did not accept the portal's credentials. Tell an administrator.",
            "Clara no aceptó las credenciales del portal. Avisa a un administrador." },
        { "clara 511", Clara(511, "NETWORK_AUTHENTICATION_REQUIRED", null), "Clara did not accept the portal's credentials. Tell an administrator.",
            "Clara no aceptó las credenciales del portal. Avisa a un administrador." },
        { "clara 429", Clara(429, "RATE_LIMITED", "Slow down"), "Clara is receiving too many requests. Try again in a moment.",
            "Clara está recibiendo demasiadas solicitudes. Inténtalo de nuevo en un momento." },
        { "clara 500", Clara(500, "SERVER_ERROR", Secret), "Clara could not handle the request right now. Try again in a moment.",
            "Clara no pudo atender la solicitud en este momento. Inténtalo de nuevo en un momento." },
        { "clara 503", Clara(503, "UNAVAILABLE", null), "Clara could not handle the request right now. Try again in a moment.",
            "Clara no pudo atender la solicitud en este momento. Inténtalo de nuevo en un momento." },
        // Clara's own message is written for people: it is the one lower-layer text shown as it came.
        { "clara business rule", Clara(422, "B013", "Insufficient credit on the funding card"), "Clara refused it (B013): Insufficient credit on the funding card",
            "Clara lo rechazó (B013): Insufficient credit on the funding card" },
        { "clara message without code", Clara(409, null, "Card already cancelled"), "Clara refused it: Card already cancelled", "Clara lo rechazó: Card already cancelled" },
        { "clara code without message", Clara(404, "NOT_FOUND", null), "Clara answered with an error (NOT_FOUND). Try again in a moment.",
            "Clara respondió con un error (NOT_FOUND). Inténtalo de nuevo en un momento." },
        { "clara status only", Clara(400, null, " "), "Clara answered with an error (400). Try again in a moment.", "Clara respondió con un error (400). Inténtalo de nuevo en un momento." },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_of_failure_has_its_sentence_in_english(string kind, Exception exception, string english, string spanish)
    {
        _ = (kind, spanish);
        using var culture = new CultureScope("en-US");

        var message = UserMessages.For(exception, L);

        Assert.Equal(english, message);
        Assert.DoesNotContain("SQLite", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_of_failure_has_its_sentence_in_spanish(string kind, Exception exception, string english, string spanish)
    {
        _ = (kind, english);
        using var culture = new CultureScope("es-MX");

        var message = UserMessages.For(exception, L);

        Assert.Equal(spanish, message);
        Assert.DoesNotContain("SQLite", message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Exception, string> PortugueseKinds => new()
    {
        { "access denied", new AccessDeniedException("CanIssue", "dev-issuer"), "Seu perfil não permite isso." },
        { "outcome unknown", new ClaraOutcomeUnknownException("key-1", "POST /v1/vcn/submit", "corr-1", new TimeoutException(Secret)),
            "A Clara não respondeu, então não se sabe se isto foi feito. Confira o cartão antes de tentar novamente." },
        { "http", new HttpRequestException(Secret), "Não é possível acessar a Clara agora. Tente novamente em instantes." },
        { "not found", new KeyNotFoundException(Secret), "Isto não existe mais ou não é um dos seus." },
        { "argument", new ArgumentException(Secret, "reason"), "Parte do que foi informado não é aceito. Confira os campos e tente novamente." },
        { "concurrency", new DbUpdateConcurrencyException(Secret), "Outra pessoa alterou isto nesse meio-tempo. Recarregue a página e tente novamente." },
        { "anything else", new InvalidOperationException(Secret), "Algo deu errado. Tente novamente; se continuar acontecendo, avise um administrador." },
        { "clara 401", Clara(401, "UNAUTHORIZED", Secret), "A Clara não aceitou as credenciais do portal. Avise um administrador." },
        { "clara 429", Clara(429, "RATE_LIMITED", "Slow down"), "A Clara está recebendo solicitações demais. Tente novamente em instantes." },
        { "clara 503", Clara(503, "UNAVAILABLE", null), "A Clara não conseguiu atender a solicitação agora. Tente novamente em instantes." },
        { "clara business rule", Clara(422, "B013", "Insufficient credit on the funding card"), "A Clara recusou (B013): Insufficient credit on the funding card" },
        { "clara message without code", Clara(409, null, "Card already cancelled"), "A Clara recusou: Card already cancelled" },
        { "clara code without message", Clara(404, "NOT_FOUND", null), "A Clara respondeu com um erro (NOT_FOUND). Tente novamente em instantes." },
    };

    [Theory]
    [MemberData(nameof(PortugueseKinds))]
    public void Each_kind_of_failure_has_its_sentence_in_portuguese(string kind, Exception exception, string portuguese)
    {
        _ = kind;
        using var culture = new CultureScope("pt-BR");

        var message = UserMessages.For(exception, L);

        Assert.Equal(portuguese, message);
        Assert.DoesNotContain("SQLite", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_failure_is_told_in_the_operations_own_words()
    {
        using var culture = new CultureScope("en-US");

        Assert.Equal("The card could not be updated. Try again in a moment.", UserMessages.For(new InvalidOperationException(Secret), L, "Cards.Update.Failed"));
        // A known kind says what happened, whatever the operation.
        Assert.Equal("Clara cannot be reached right now. Try again in a moment.", UserMessages.For(new HttpRequestException(Secret), L, "Cards.Update.Failed"));
    }

    [Fact]
    public void Access_denied_is_told_in_the_operations_own_words_when_it_has_them()
    {
        using var culture = new CultureScope("es-MX");

        Assert.Equal("Tu rol no puede emitir tarjetas.", UserMessages.For(new AccessDeniedException("CanIssue", null), L, "Issue.Failed", "Issue.NotAllowed"));
    }

    [Fact]
    public void Every_key_it_uses_exists_in_every_language()
    {
        foreach (var name in PortalCultures.Supported)
        {
            using var culture = new CultureScope(name);
            foreach (var key in new[]
            {
                UserMessages.GenericKey, UserMessages.NotAllowedKey, "Errors.OutcomeUnknown", "Errors.ClaraUnreachable", "Errors.ClaraCredentials",
                "Errors.ClaraBusy", "Errors.ClaraUnavailable", "Errors.ClaraRefused", "Errors.ClaraRefusedWithCode", "Errors.ClaraError",
                "Errors.NotFound", "Errors.Invalid", "Errors.ChangedElsewhere",
            })
            {
                Assert.False(L[key].ResourceNotFound, $"{key} ({name})");
            }
        }
    }

    private static ClaraApiException Clara(int status, string? code, string? message) =>
        new(status, code, message, operation: "POST /v1/vcn/submit", correlationId: "corr-1");

    [Fact]
    public void A_stored_failure_is_a_key_or_claras_own_words_and_reads_back_in_the_readers_language()
    {
        Assert.Equal("Errors.ClaraUnreachable", UserMessages.ToStored(new HttpRequestException("Connection refused")));
        Assert.Equal("Errors.ClaraUnavailable", UserMessages.ToStored(new ClaraApiException(503, "UNAVAILABLE", "Service unavailable")));
        Assert.Equal("Errors.ClaraCredentials", UserMessages.ToStored(new ClaraApiException(401, "UNAUTHORIZED", "token expired")));
        Assert.Equal("B013: Threshold exceeds company limit", UserMessages.ToStored(new ClaraApiException(422, "B013", "Threshold exceeds company limit")));
        Assert.Equal(UserMessages.GenericKey, UserMessages.ToStored(new InvalidOperationException("SQLite Error 5: database is locked")));

        using (new CultureScope("es-MX"))
        {
            var spanish = UserMessages.ForStored("Errors.ClaraUnreachable", L);
            Assert.NotEqual("Errors.ClaraUnreachable", spanish);
            Assert.Equal(spanish, UserMessages.For(new HttpRequestException(), L));
        }

        using (new CultureScope("pt-BR"))
        {
            Assert.Equal("Não é possível acessar a Clara agora. Tente novamente em instantes.", UserMessages.ForStored("Errors.ClaraUnreachable", L));
        }

        // Rows stored before keys existed show what they hold.
        Assert.Equal("Old free text", UserMessages.ForStored("Old free text", L));
        Assert.Equal("", UserMessages.ForStored(null, L));
    }
}

using System.Linq.Expressions;
using System.Reflection;

namespace ClaraPortal.Web.Features.History;

/// <summary>One column of a keyset sort: how to read it in SQL, and (nullable columns) where the database sorts NULL.</summary>
internal sealed record KeysetColumn<TEntity>(LambdaExpression Selector)
{
    public Type Type => Selector.ReturnType;

    public bool IsNullable => !Type.IsValueType || Nullable.GetUnderlyingType(Type) is not null;

    public static KeysetColumn<TEntity> Of<TKey>(Expression<Func<TEntity, TKey>> selector) => new(selector);
}

/// <summary>
/// Orders a query by a list of columns (all one direction, so one index serves it) and keeps the rows after (or before) a
/// cursor's key: <c>(a, b, id) &gt; (va, vb, vid)</c> written out as ORs that both SQLite and PostgreSQL run on an index.
/// </summary>
internal static class Keyset
{
    private static readonly MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    public static IOrderedQueryable<TEntity> OrderBy<TEntity>(IQueryable<TEntity> query, IReadOnlyList<KeysetColumn<TEntity>> columns, bool descending)
    {
        IOrderedQueryable<TEntity>? ordered = null;
        foreach (var column in columns)
        {
            var method = (ordered is null, descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                (false, true) => nameof(Queryable.ThenByDescending),
            };
            var source = (IQueryable<TEntity>?)ordered ?? query;
            ordered = (IOrderedQueryable<TEntity>)source.Provider.CreateQuery<TEntity>(Expression.Call(
                typeof(Queryable), method, [typeof(TEntity), column.Type], source.Expression, Expression.Quote(column.Selector)));
        }

        return ordered ?? throw new ArgumentException("A keyset sort needs at least one column.", nameof(columns));
    }

    /// <summary>
    /// Rows strictly after <paramref name="key"/> in the order (<paramref name="descending"/>) the columns give.
    /// <paramref name="nullsSortLow"/>: the provider sorts NULL below every value (SQLite) or above it (PostgreSQL).
    /// </summary>
    public static IQueryable<TEntity> After<TEntity>(
        IQueryable<TEntity> query, IReadOnlyList<KeysetColumn<TEntity>> columns, IReadOnlyList<object?> key, bool descending, bool nullsSortLow)
    {
        if (key.Count != columns.Count)
        {
            throw new ArgumentException("The cursor does not belong to this sort.", nameof(key));
        }

        var row = Expression.Parameter(typeof(TEntity), "row");
        Expression? after = null;
        // (c0 after v0) OR (c0 = v0 AND c1 after v1) OR ... built from the last column back.
        for (var i = columns.Count - 1; i >= 0; i--)
        {
            var column = Bind(columns[i].Selector, row);
            var beyond = Beyond(column, key[i], descending, nullsSortLow);
            after = after is null ? beyond : Expression.OrElse(beyond, Expression.AndAlso(EqualTo(column, key[i]), after));
        }

        // The ORs alone let a database walk the index from its start to the cursor (a deep page would scan). A bound on the
        // first column ("a >= va") is a range it can seek to. Not when NULLs follow the value in this order: they are
        // "after" it, and the bound would drop them.
        var leading = Bind(columns[0].Selector, row);
        var nullsFollow = IsNullable(leading.Type) && nullsSortLow == descending;
        if (key[0] is { } first && !nullsFollow)
        {
            after = Expression.AndAlso(AtOrBeyond(leading, first, descending), after!);
        }

        return query.Where(Expression.Lambda<Func<TEntity, bool>>(after!, row));
    }

    private static BinaryExpression AtOrBeyond(Expression column, object value, bool descending)
    {
        if (column.Type.IsEnum)
        {
            return Expression.OrElse(EqualTo(column, value), Compare(column, value, descending));
        }

        var parameter = Parameter(value, column.Type);
        if (column.Type == typeof(string))
        {
            var compare = Expression.Call(StringCompare, column, parameter);
            return descending ? Expression.LessThanOrEqual(compare, Expression.Constant(0)) : Expression.GreaterThanOrEqual(compare, Expression.Constant(0));
        }

        return descending ? Expression.LessThanOrEqual(column, parameter) : Expression.GreaterThanOrEqual(column, parameter);
    }

    // Strictly beyond the value in the order: greater ascending, smaller descending; NULL goes where the provider sorts it.
    private static Expression Beyond(Expression column, object? value, bool descending, bool nullsSortLow)
    {
        var nullsFirst = nullsSortLow != descending;
        var isNull = IsNullable(column.Type) ? Expression.Equal(column, Expression.Constant(null, column.Type)) : null;
        if (value is null)
        {
            // Past a NULL: nothing when NULLs come last; every non-NULL when they come first.
            return nullsFirst && isNull is not null ? Expression.Not(isNull) : Expression.Constant(false);
        }

        var compared = Compare(column, value, descending);
        return !nullsFirst && isNull is not null ? Expression.OrElse(compared, isNull) : compared;
    }

    private static Expression Compare(Expression column, object value, bool descending)
    {
        if (column.Type.IsEnum)
        {
            // Stored as its name, so the database orders it by name: "after" is the set of names beyond this one.
            var name = value.ToString()!;
            var beyond = Enum.GetValues(column.Type).Cast<object>()
                .Where(v => descending ? string.CompareOrdinal(v.ToString(), name) < 0 : string.CompareOrdinal(v.ToString(), name) > 0)
                .ToArray();
            var typed = Array.CreateInstance(column.Type, beyond.Length);
            Array.Copy(beyond, typed, beyond.Length);
            var contains = typeof(Enumerable).GetMethods().First(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2)
                .MakeGenericMethod(column.Type);
            return Expression.Call(contains, Parameter(typed, column.Type.MakeArrayType()), column);
        }

        var parameter = Parameter(value, column.Type);
        if (column.Type == typeof(string))
        {
            var compare = Expression.Call(StringCompare, column, parameter);
            return descending ? Expression.LessThan(compare, Expression.Constant(0)) : Expression.GreaterThan(compare, Expression.Constant(0));
        }

        return descending ? Expression.LessThan(column, parameter) : Expression.GreaterThan(column, parameter);
    }

    private static BinaryExpression EqualTo(Expression column, object? value) =>
        value is null ? Expression.Equal(column, Expression.Constant(null, column.Type)) : Expression.Equal(column, Parameter(value, column.Type));

    // A member of a closure, so EF sends it as a parameter (one cached query plan, no value inlined in SQL).
    private static MemberExpression Parameter(object value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(ValueHolder<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    private static bool IsNullable(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    private static Expression Bind(LambdaExpression selector, ParameterExpression row) =>
        new Rebinder(selector.Parameters[0], row).Visit(selector.Body);

    private sealed class ValueHolder<T>(object value)
    {
        public T Value { get; } = (T)value;
    }

    private sealed class Rebinder(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

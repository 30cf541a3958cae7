namespace PluginBridge.Host.Calc;

/// <summary>A parsed calculation. Position is the offset in the calculation text, for error messages.</summary>
public abstract record Node(int Position);
public sealed record Literal(FmValue Value, int Position) : Node(Position);
/// <summary>A bare name: a Let variable, a constant (JSONString, True, Pi) or the argument of Get().</summary>
public sealed record NameRef(string Name, int Position) : Node(Position);
/// <summary>$local or $$global, with an optional repetition: $x[2] (repetition 1 is $x itself).</summary>
public sealed record VarRef(string Name, int Position, Node? Repetition = null) : Node(Position);
public sealed record FieldRef(string Table, string Field, int Position) : Node(Position);
public sealed record Unary(string Op, Node Operand, int Position) : Node(Position);
public sealed record Binary(string Op, Node Left, Node Right, int Position) : Node(Position);
public sealed record FunctionCall(string Name, IReadOnlyList<Node> Args, int Position) : Node(Position);
/// <summary>"[ a ; b ]": Let's variable list and Substitute's / JSONSetElement's repeated parameter groups.</summary>
public sealed record BracketList(IReadOnlyList<Node> Items, int Position) : Node(Position);

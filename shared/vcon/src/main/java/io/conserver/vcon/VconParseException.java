package io.conserver.vcon;

/**
 * The input is not a JSON document the codec accepts: empty, malformed, too large, too deeply
 * nested, or with a duplicated member name. The message is meant for a person and names the
 * position where it is known.
 */
public final class VconParseException extends VconException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final long column;

  public VconParseException(String message, long line, long column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public VconParseException(String message) {
    this(message, -1, -1);
  }

  /** 1-based line of the problem, or -1 when it concerns the whole document. */
  public long line() {
    return line;
  }

  /** 1-based column of the problem, or -1 when it concerns the whole document. */
  public long column() {
    return column;
  }
}

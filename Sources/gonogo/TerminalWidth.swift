import Foundation
import GoNoGoKit

/// The column text reports wrap at: on a terminal, `COLUMNS` when set to a positive number,
/// else the terminal's own width; 80 when standard output is not a terminal.
func terminalWidth() -> Int {
  guard isatty(STDOUT_FILENO) == 1 else { return TextRenderer.defaultWidth }
  if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init),
    columns > 0
  {
    return min(columns, 1000)
  }
  var size = winsize()
  if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
    return Int(size.ws_col)
  }
  return TextRenderer.defaultWidth
}

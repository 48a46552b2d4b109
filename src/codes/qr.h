#pragma once
// QR images of the safety codes (一码): the text is encoded by libqrencode (ISO/IEC 18004, byte
// mode, error correction level M — about 15 % of the symbol may be damaged or covered by a print
// stamp and still read), and drawn here as SVG (one path, scalable for print) or PNG (8-bit
// greyscale, zlib-compressed, RFC 2083). Pure computation: no I/O. Thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lakeguard::codes {

// A QR symbol: width × width modules, row-major, true = dark.
struct QrMatrix {
  int width = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const { return dark[static_cast<size_t>(y) * width + x]; }
};

// The longest text we encode (a URL; well inside a version-10 M symbol).
inline constexpr size_t kMaxQrText = 200;
// ISO/IEC 18004 §6.3.8: the quiet zone is four modules wide on every side.
inline constexpr int kQuietModules = 4;

// Encodes `text` (1..kMaxQrText bytes); an error for empty or longer text.
Result<QrMatrix> encode_qr(std::string_view text);

// An SVG document of the symbol with its quiet zone, `module_px` user units per module.
std::string qr_svg(const QrMatrix& m, int module_px = 8);
// A PNG image of the symbol with its quiet zone, `module_px` pixels per module (1..32).
std::string qr_png(const QrMatrix& m, int module_px = 8);

}  // namespace lakeguard::codes

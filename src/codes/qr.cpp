#include "codes/qr.h"

#include <qrencode.h>
#include <zlib.h>

#include <algorithm>
#include <memory>

#include <fmt/format.h>

namespace lakeguard::codes {
namespace {

void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// RFC 2083 §3.2: length, type, data, CRC-32 over type and data.
void put_chunk(std::string& out, const char type[4], const std::string& data) {
  put_u32(out, static_cast<uint32_t>(data.size()));
  std::string body(type, 4);
  body += data;
  out += body;
  put_u32(out, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(body.data()),
                                           static_cast<uInt>(body.size()))));
}

}  // namespace

Result<QrMatrix> encode_qr(std::string_view text) {
  if (text.empty() || text.size() > kMaxQrText)
    return Error::validation("text", "The text of a QR code must be 1 to 200 bytes.");
  // Byte mode, the smallest version that holds it (version 0 = automatic).
  std::unique_ptr<QRcode, decltype(&QRcode_free)> q(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!q) return Error{ErrorCode::kInternal, "The QR code could not be encoded.", "text"};
  QrMatrix m;
  m.width = q->width;
  m.dark.resize(static_cast<size_t>(q->width) * q->width);
  // qrencode.h: bit 0 of each byte is the module's colour (1 = black).
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (q->data[i] & 1) != 0;
  return m;
}

std::string qr_svg(const QrMatrix& m, int module_px) {
  module_px = std::clamp(module_px, 1, 64);
  const int size = (m.width + 2 * kQuietModules) * module_px;
  std::string path;
  // One horizontal run of dark modules per "M x y h w v h h -w z" segment.
  for (int y = 0; y < m.width; ++y) {
    for (int x = 0; x < m.width;) {
      if (!m.at(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.width && m.at(x + run, y)) ++run;
      path +=
          fmt::format("M{} {}h{}v{}h-{}z", (x + kQuietModules) * module_px,
                      (y + kQuietModules) * module_px, run * module_px, module_px, run * module_px);
      x += run;
    }
  }
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{0}\" "
      "height=\"{0}\" shape-rendering=\"crispEdges\"><rect width=\"{0}\" height=\"{0}\" "
      "fill=\"#fff\"/><path fill=\"#000\" d=\"{1}\"/></svg>\n",
      size, path);
}

std::string qr_png(const QrMatrix& m, int module_px) {
  module_px = std::clamp(module_px, 1, 32);
  const uint32_t size = static_cast<uint32_t>((m.width + 2 * kQuietModules) * module_px);
  // Scanlines: filter type 0 (None), then one byte per pixel (0 black, 255 white).
  std::string raw;
  raw.reserve(static_cast<size_t>(size) * (size + 1));
  for (uint32_t py = 0; py < size; ++py) {
    raw.push_back(0);
    const int y = static_cast<int>(py) / module_px - kQuietModules;
    for (uint32_t px = 0; px < size; ++px) {
      const int x = static_cast<int>(px) / module_px - kQuietModules;
      const bool dark = x >= 0 && y >= 0 && x < m.width && y < m.width && m.at(x, y);
      raw.push_back(dark ? static_cast<char>(0) : static_cast<char>(0xFF));
    }
  }
  uLongf zlen = compressBound(static_cast<uLong>(raw.size()));
  std::string z(zlen, '\0');
  compress2(reinterpret_cast<Bytef*>(z.data()), &zlen, reinterpret_cast<const Bytef*>(raw.data()),
            static_cast<uLong>(raw.size()), 9);
  z.resize(zlen);

  std::string out("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_u32(ihdr, size);
  put_u32(ihdr, size);
  ihdr += std::string("\x08\x00\x00\x00\x00",
                      5);  // depth 8, greyscale, deflate, filter 0, no interlace
  put_chunk(out, "IHDR", ihdr);
  put_chunk(out, "IDAT", z);
  put_chunk(out, "IEND", {});
  return out;
}

}  // namespace lakeguard::codes

"""Names for land, survey, water, environment, minerals, hydro-meteorology and sea fields.

All owned by Sở Nông nghiệp và Môi trường after the 2025 merger. Since July 2025 many land
decisions for households and individuals sit with the commune (``c:`` qualifiers), those
for organisations with the province (``p:``). See :mod:`bpmn.catalog.vocab_base`.
"""

from __future__ import annotations

from bpmn.catalog.vocab_base import LICENCE, Vocab, obj

__all__ = ["VOCAB"]

_CERT = "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"
_HOLDERS = (
    "p:cho tổ chức",
    "c:cho hộ gia đình, cá nhân",
    "p:cho tổ chức tôn giáo, tổ chức tôn giáo trực thuộc",
    "p:cho người gốc Việt Nam định cư ở nước ngoài",
    "p:cho tổ chức kinh tế có vốn đầu tư nước ngoài",
    "c:cho cộng đồng dân cư",
)
_ALLOCATION = (
    "p:đối với tổ chức",
    "c:đối với hộ gia đình, cá nhân",
    "p:đối với tổ chức kinh tế có vốn đầu tư nước ngoài",
    "c:đối với cộng đồng dân cư",
    "p:để thực hiện dự án đầu tư",
)
_WATER_LICENCE = ("Cấp {o}", "Cấp lại {o}", "Gia hạn {o}", "Điều chỉnh {o}", "Trả lại {o}")
_MINING = (*LICENCE, "Trả lại {o}")

VOCAB: dict[str, Vocab] = {
    "dat_dai": Vocab(
        real=(
            "p:Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng "
            "đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với tổ chức|20wd",
            "c:Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng "
            "đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với hộ gia đình, cá "
            "nhân|17wd",
            "Đăng ký biến động đất đai, tài sản gắn liền với đất|10wd",
            "Đính chính Giấy chứng nhận đã cấp|10wd",
            "Thu hồi Giấy chứng nhận đã cấp không đúng quy định của pháp luật đất đai|30d",
            "Cung cấp thông tin, dữ liệu đất đai|3wd",
            "Tách thửa hoặc hợp thửa đất|15wd",
            "c:Xác nhận việc sử dụng đất ổn định, không có tranh chấp|5wd",
            "c:Xác định lại diện tích đất ở cho hộ gia đình, cá nhân đã được cấp Giấy chứng "
            "nhận|10wd",
            "p:Chấp thuận việc tổ chức kinh tế nhận chuyển nhượng, nhận góp vốn, thuê quyền sử "
            "dụng đất nông nghiệp để thực hiện dự án đầu tư|20wd",
            "p:Bán, mua tài sản gắn liền với đất thuê trả tiền thuê đất hằng năm|15wd",
            "Đăng ký quyền sử dụng hạn chế thửa đất liền kề|10wd",
            "c:Hòa giải tranh chấp đất đai tại Ủy ban nhân dân cấp xã|45d",
            "p:Cưỡng chế thực hiện quyết định thu hồi đất|30d",
        ),
        objects=(
            obj(_CERT, ("Cấp đổi {o}", "Cấp lại {o}", "Đính chính {o}", "Thu hồi {o}"),
                *_HOLDERS),
            obj(f"{_CERT} lần đầu", ("Cấp {o}",), *_HOLDERS,
                "c:đối với trường hợp đất có giấy tờ về quyền sử dụng đất",
                "c:đối với trường hợp đất không có giấy tờ về quyền sử dụng đất"),
            obj("biến động đất đai, tài sản gắn liền với đất", ("Đăng ký {o}",),
                "do chuyển nhượng, tặng cho quyền sử dụng đất",
                "do thừa kế quyền sử dụng đất",
                "do đổi tên, thay đổi thông tin người sử dụng đất",
                "do thay đổi diện tích xây dựng, diện tích sử dụng",
                "do chuyển đổi quyền sử dụng đất nông nghiệp",
                "do góp vốn bằng quyền sử dụng đất",
                "p:do chia, tách, hợp nhất, sáp nhập tổ chức",
                "do xử lý nợ hợp đồng thế chấp",
                "do thay đổi hạn chế quyền sử dụng đất",
                "p:do chuyển từ hình thức thuê đất sang giao đất có thu tiền sử dụng đất"),
            obj("đất không thông qua đấu giá quyền sử dụng đất",
                ("Giao {o}", "Cho thuê {o}", "Giao đất, cho thuê {o}"), *_ALLOCATION),
            obj("đất thông qua đấu giá quyền sử dụng đất", ("Giao {o}", "Cho thuê {o}"),
                *_ALLOCATION),
            obj("mục đích sử dụng đất", ("Chuyển {o}", "Cho phép chuyển {o}"),
                "p:đối với tổ chức", "c:đối với hộ gia đình, cá nhân",
                "c:từ đất vườn, ao sang đất ở",
                "c:từ đất trồng lúa sang đất trồng cây lâu năm",
                "p:đối với dự án có sử dụng đất trồng lúa", "p:để thực hiện dự án đầu tư"),
            obj("thời hạn sử dụng đất", ("Gia hạn {o}", "Điều chỉnh {o}"),
                "p:của dự án đầu tư", "p:đối với tổ chức", "p:trong khu công nghiệp",
                "c:đối với đất nông nghiệp của hộ gia đình, cá nhân"),
            obj("thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
                ("Đăng ký {o}", "Xóa đăng ký {o}", "Đăng ký thay đổi nội dung {o}"),
                "p:của tổ chức", "c:của hộ gia đình, cá nhân", "hình thành trong tương lai"),
            obj("tranh chấp đất đai", ("Giải quyết {o}",),
                "p:thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân tỉnh",
                "c:thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân cấp xã"),
            obj("đất", ("Thu hồi {o}",),
                "do chấm dứt việc sử dụng đất theo pháp luật", "do tự nguyện trả lại đất",
                "do vi phạm pháp luật về đất đai", "có nguy cơ đe dọa tính mạng con người",
                "p:để thực hiện dự án phát triển kinh tế - xã hội vì lợi ích quốc gia, "
                "công cộng",
                "c:vì mục đích quốc phòng, an ninh"),
            obj("phương án bồi thường, hỗ trợ, tái định cư",
                ("Thẩm định {o}", "Phê duyệt {o}", "Điều chỉnh {o}"),
                "p:khi Nhà nước thu hồi đất đối với tổ chức",
                "c:khi Nhà nước thu hồi đất đối với hộ gia đình, cá nhân"),
            obj("p:giá đất cụ thể", ("Thẩm định {o}", "Phê duyệt {o}"),
                "để tính tiền sử dụng đất", "để tính tiền thuê đất",
                "để tính tiền bồi thường khi Nhà nước thu hồi đất"),
            obj("thửa đất", ("Tách {o}", "Hợp {o}"),
                "c:của hộ gia đình, cá nhân", "p:của tổ chức"),
            obj("p:phương án sử dụng đất", ("Thẩm định {o}", "Phê duyệt {o}"),
                "của công ty nông, lâm nghiệp", "của tổ chức sự nghiệp công lập"),
            obj("quyết định giao đất, cho thuê đất, cho phép chuyển mục đích sử dụng đất",
                ("Điều chỉnh {o}", "Đính chính {o}"),
                "p:đối với tổ chức", "c:đối với hộ gia đình, cá nhân"),
            obj("thông tin, dữ liệu đất đai", ("Cung cấp {o}",),
                "dưới hình thức trực tuyến", "cho tổ chức, cá nhân nước ngoài"),
            obj("c:tiền sử dụng đất", ("Ghi nợ {o}", "Xóa nợ {o}"),
                "đối với hộ gia đình, cá nhân khi được cấp Giấy chứng nhận"),
            obj("hình thức giao đất, cho thuê đất", ("Chuyển {o}",),
                "p:đối với tổ chức", "c:đối với hộ gia đình, cá nhân",
                "p:từ thuê đất trả tiền hằng năm sang thuê đất trả tiền một lần"),
            obj("tài sản gắn liền với đất vào Giấy chứng nhận đã cấp", ("Đăng ký bổ sung {o}",),
                *_HOLDERS[:2]),
            obj("quyền sử dụng đất", ("Công nhận {o}",), *_HOLDERS),
            obj("phương án đấu giá quyền sử dụng đất", ("Phê duyệt {o}", "Điều chỉnh {o}"),
                "p:đối với đất do Ủy ban nhân dân tỉnh quản lý",
                "c:đối với đất do Ủy ban nhân dân cấp xã quản lý"),
            obj("kế hoạch sử dụng đất hằng năm", ("Thẩm định {o}", "Phê duyệt {o}",
                                                  "Điều chỉnh {o}"),
                "p:cấp tỉnh", "c:cấp xã"),
            obj("c:việc tiếp tục sử dụng đất nông nghiệp khi hết thời hạn sử dụng đất",
                ("Xác nhận {o}",), "của hộ gia đình, cá nhân trực tiếp sản xuất nông nghiệp"),
            obj("bản đồ địa chính thửa đất", ("Trích lục {o}",),
                "p:cho tổ chức", "c:cho hộ gia đình, cá nhân"),
            obj("p:bảng giá đất", ("Điều chỉnh, bổ sung {o}",),
                "tại khu vực có dự án đầu tư mới", "khi giá đất thị trường biến động"),
        ),
    ),
    "do_dac_ban_do": Vocab(
        objects=(
            obj("p:giấy phép hoạt động đo đạc và bản đồ",
                ("Cấp {o}", "Cấp bổ sung nội dung {o}", "Cấp lại {o}")),
            obj("p:chứng chỉ hành nghề đo đạc và bản đồ",
                ("Cấp {o}", "Cấp lại {o}", "Cấp đổi {o}", "Gia hạn {o}"), "hạng II"),
            obj("p:thông tin, dữ liệu, sản phẩm đo đạc và bản đồ", ("Cung cấp {o}",)),
            obj("p:thiết kế kỹ thuật - dự toán công trình đo đạc và bản đồ",
                ("Thẩm định {o}", "Kiểm tra, nghiệm thu {o}")),
        ),
    ),
    "tai_nguyen_nuoc": Vocab(
        real=(
            "p:Lấy ý kiến Ủy ban nhân dân tỉnh đối với dự án đầu tư có chuyển nước từ nguồn "
            "nước nội tỉnh",
            "p:Thẩm định, phê duyệt phương án cắm mốc giới hành lang bảo vệ nguồn nước",
            "p:Tính tiền cấp quyền khai thác tài nguyên nước",
            "p:Điều chỉnh tiền cấp quyền khai thác tài nguyên nước",
        ),
        objects=(
            obj("p:giấy phép khai thác, sử dụng nước mặt", _WATER_LICENCE,
                "đối với công trình có lưu lượng dưới 2 m³/giây",
                "cho sản xuất nông nghiệp, nuôi trồng thủy sản",
                "cho mục đích phát điện với công suất lắp máy dưới 2.000 kW"),
            obj("p:giấy phép khai thác, sử dụng nước dưới đất", _WATER_LICENCE,
                "đối với công trình có lưu lượng dưới 3.000 m³/ngày đêm"),
            obj("p:giấy phép thăm dò nước dưới đất", LICENCE,
                "đối với công trình có lưu lượng dưới 3.000 m³/ngày đêm"),
            obj("p:giấy phép hành nghề khoan nước dưới đất", LICENCE, "quy mô vừa và nhỏ"),
            obj("p:giấy phép khai thác, sử dụng nước biển", LICENCE),
            obj("c:khai thác, sử dụng nước dưới đất",
                ("Đăng ký {o}", "Điều chỉnh đăng ký {o}", "Xóa đăng ký {o}")),
            obj("c:khai thác, sử dụng nước mặt, nước biển",
                ("Đăng ký {o}", "Điều chỉnh đăng ký {o}")),
        ),
    ),
    "moi_truong": Vocab(
        real=(
            "c:Đăng ký môi trường",
            "p:Thẩm định báo cáo đánh giá tác động môi trường|30d",
            "p:Kiểm tra kết quả vận hành thử nghiệm công trình xử lý chất thải",
            "p:Chấp thuận kế hoạch ứng phó sự cố môi trường",
            "c:Tiếp nhận báo cáo công tác bảo vệ môi trường của hộ gia đình, cá nhân sản xuất, "
            "kinh doanh, dịch vụ",
            "c:Xác nhận phương án thu gom, vận chuyển chất thải rắn sinh hoạt",
            "c:Thông báo thay đổi nội dung đăng ký môi trường",
        ),
        objects=(
            obj("giấy phép môi trường",
                ("Cấp {o}", "Cấp đổi {o}", "Điều chỉnh {o}", "Cấp lại {o}"),
                "p:thuộc thẩm quyền của Ủy ban nhân dân tỉnh",
                "c:thuộc thẩm quyền của Ủy ban nhân dân cấp xã",
                "p:đối với cơ sở đang hoạt động", "p:đối với dự án đầu tư nhóm II",
                "c:đối với dự án đầu tư nhóm III"),
            obj("p:báo cáo đánh giá tác động môi trường", ("Thẩm định lại {o}",),
                "của dự án đầu tư mở rộng", "khi có thay đổi quy mô, công suất"),
            obj("p:phương án cải tạo, phục hồi môi trường",
                ("Thẩm định {o}", "Phê duyệt {o}", "Điều chỉnh {o}"),
                "trong hoạt động khai thác khoáng sản"),
            obj("p:kế hoạch ứng phó sự cố chất thải", ("Phê duyệt {o}", "Điều chỉnh {o}")),
            obj("p:vị trí cơ sở xử lý chất thải rắn", ("Chấp thuận {o}",),
                "sinh hoạt", "công nghiệp thông thường"),
            obj("p:tiền ký quỹ cải tạo, phục hồi môi trường",
                ("Xác nhận hoàn thành {o}", "Hoàn trả {o}")),
            obj("c:phương án bảo vệ môi trường làng nghề", ("Phê duyệt {o}", "Điều chỉnh {o}")),
            obj("p:chương trình quan trắc môi trường", ("Thẩm định {o}",),
                "định kỳ", "tự động, liên tục"),
            obj("c:điểm tập kết, trung chuyển chất thải rắn sinh hoạt",
                ("Chấp thuận vị trí {o}",)),
        ),
    ),
    "dia_chat_khoang_san": Vocab(
        real=(
            "p:Phê duyệt trữ lượng khoáng sản|3m",
            "p:Tính tiền cấp quyền khai thác khoáng sản",
            "p:Điều chỉnh tiền cấp quyền khai thác khoáng sản",
            "p:Thẩm định, phê duyệt đề án đóng cửa mỏ khoáng sản|45d",
            "p:Nghiệm thu kết quả thực hiện đề án đóng cửa mỏ khoáng sản|30d",
            "p:Chuyển nhượng quyền thăm dò khoáng sản",
            "p:Chuyển nhượng quyền khai thác khoáng sản",
            "c:Đăng ký khai thác khoáng sản làm vật liệu xây dựng thông thường trong diện tích "
            "dự án đầu tư xây dựng công trình",
            "c:Đăng ký thu hồi cát, sỏi từ dự án nạo vét, khơi thông luồng",
        ),
        objects=(
            obj("p:giấy phép thăm dò khoáng sản", _MINING,
                "làm vật liệu xây dựng thông thường"),
            obj("p:giấy phép khai thác khoáng sản", _MINING,
                "làm vật liệu xây dựng thông thường", "than bùn", "nước khoáng, nước nóng "
                "thiên nhiên"),
            obj("p:giấy phép khai thác tận thu khoáng sản", _MINING),
        ),
    ),
    "khi_tuong_thuy_van": Vocab(
        real=(
            "p:Cung cấp thông tin, dữ liệu khí tượng thủy văn",
            "p:Thẩm định đề án quan trắc khí tượng thủy văn chuyên dùng",
            "p:Cấp giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn",
            "p:Cấp lại giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn",
            "p:Sửa đổi, bổ sung giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn",
            "p:Gia hạn giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn",
            "p:Thu hồi giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn",
        ),
    ),
    "bien_hai_dao": Vocab(
        real=("p:Cung cấp dữ liệu, thông tin về biển và hải đảo",),
        objects=(
            obj("p:khu vực biển",
                ("Giao {o}", "Gia hạn quyết định giao {o}",
                 "Sửa đổi, bổ sung quyết định giao {o}", "Trả lại {o}", "Thu hồi {o}"),
                "để khai thác, sử dụng tài nguyên biển"),
            obj("p:giấy phép nhận chìm ở biển", LICENCE),
        ),
    ),
}

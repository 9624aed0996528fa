"""Names for construction, planning, housing, real estate and transport fields.

Owned by Sở Xây dựng (which took over transport in 2025). Since July 2025 building
permits for houses and grade III-IV works are issued by the commune. See
:mod:`bpmn.catalog.vocab_base`.
"""

from __future__ import annotations

from bpmn.catalog.vocab_base import CERT, Vocab, obj

__all__ = ["VOCAB"]

_WORKS = (
    "p:đối với công trình cấp I, II",
    "c:đối với công trình cấp III, IV",
    "c:đối với nhà ở riêng lẻ",
    "p:đối với công trình tín ngưỡng, tôn giáo",
    "p:đối với công trình tượng đài, tranh hoành tráng",
    "c:đối với công trình quảng cáo",
    "p:đối với công trình theo tuyến",
)
_FUNDS = ("sử dụng vốn đầu tư công", "sử dụng vốn nhà nước ngoài đầu tư công", "sử dụng vốn khác")
_P_FUNDS = tuple(f"p:{fund}" for fund in _FUNDS)
_BY_COMMUNE = "c:do Ủy ban nhân dân cấp xã quyết định đầu tư"
_TWICE = ("Thẩm định {o}", "Thẩm định điều chỉnh {o}")
_PLAN = ("Thẩm định {o}", "Phê duyệt {o}", "Điều chỉnh {o}")
_LEVELS = ("p:thuộc thẩm quyền của Ủy ban nhân dân tỉnh",
           "c:thuộc thẩm quyền của Ủy ban nhân dân cấp xã")
_QUALIFICATION = ("Cấp {o}", "Cấp lại {o}", "Điều chỉnh, bổ sung nội dung {o}", "Gia hạn {o}")
_BADGES = ("xe chạy tuyến cố định", "xe taxi", "xe hợp đồng", "xe buýt", "xe công-ten-nơ",
           "xe tải", "xe đầu kéo", "xe du lịch")
_CROSS_BORDER = ("cho phương tiện thương mại", "cho phương tiện phi thương mại",
                 "cho phương tiện vận tải hành khách theo tuyến cố định")
_ROADS = ("p:đối với đường tỉnh", "p:đối với quốc lộ được giao quản lý", "c:đối với đường xã",
          "c:đối với đường đô thị")
_TERMINALS = ("Công bố đưa {o} vào khai thác", "Công bố lại đưa {o} vào khai thác")

VOCAB: dict[str, Vocab] = {
    "xay_dung": Vocab(
        real=(
            "c:Cấp giấy phép xây dựng đối với công trình cấp III, IV|15wd",
            "p:Kiểm tra công tác nghiệm thu hoàn thành công trình|15wd",
            "c:Kiểm tra công tác nghiệm thu hoàn thành công trình do Ủy ban nhân dân cấp xã "
            "quyết định đầu tư|10wd",
            "p:Cấp giấy phép hoạt động xây dựng cho nhà thầu nước ngoài|20d",
            "p:Điều chỉnh giấy phép hoạt động xây dựng cho nhà thầu nước ngoài|10d",
            "c:Thông báo khởi công xây dựng công trình được miễn giấy phép xây dựng",
            "p:Giám định nguyên nhân sự cố công trình xây dựng",
        ),
        objects=(
            obj("giấy phép xây dựng", ("Cấp {o}", "Cấp lại {o}", "Điều chỉnh {o}",
                                       "Gia hạn {o}"), *_WORKS),
            obj("giấy phép xây dựng sửa chữa, cải tạo", ("Cấp {o}",), *_WORKS),
            obj("giấy phép di dời công trình", ("Cấp {o}",), *_WORKS),
            obj("giấy phép xây dựng có thời hạn", ("Cấp {o}", "Gia hạn {o}"),
                "c:đối với nhà ở riêng lẻ", "c:đối với công trình cấp III, IV",
                "p:đối với công trình cấp I, II"),
            obj("báo cáo nghiên cứu khả thi đầu tư xây dựng", _TWICE, *_P_FUNDS, _BY_COMMUNE),
            obj("thiết kế xây dựng triển khai sau thiết kế cơ sở", _TWICE, *_P_FUNDS,
                _BY_COMMUNE),
            obj("p:báo cáo nghiên cứu tiền khả thi đầu tư xây dựng", ("Thẩm định {o}",),
                *_FUNDS),
            obj("p:phương án phá dỡ công trình xây dựng", ("Chấp thuận {o}",),
                "cấp I, II", "thuộc dự án do Ủy ban nhân dân tỉnh quyết định đầu tư"),
            obj("c:báo cáo kinh tế - kỹ thuật đầu tư xây dựng", _TWICE, *_FUNDS),
            obj("p:chứng chỉ hành nghề hoạt động xây dựng", _QUALIFICATION,
                "hạng II, hạng III"),
            obj("p:chứng chỉ năng lực hoạt động xây dựng", _QUALIFICATION,
                "hạng II, hạng III"),
        ),
    ),
    "quy_hoach_kien_truc": Vocab(
        real=(
            "p:Chấp thuận quy hoạch tổng mặt bằng dự án đầu tư xây dựng",
            "p:Cấp chứng chỉ hành nghề kiến trúc",
            "p:Cấp lại chứng chỉ hành nghề kiến trúc",
            "p:Gia hạn chứng chỉ hành nghề kiến trúc",
            "p:Công nhận chứng chỉ hành nghề kiến trúc của người nước ngoài hành nghề kiến "
            "trúc ở Việt Nam",
            "c:Cấp số nhà",
        ),
        objects=(
            obj("nhiệm vụ quy hoạch chi tiết", _PLAN, *_LEVELS),
            obj("đồ án quy hoạch chi tiết", _PLAN, *_LEVELS),
            obj("nhiệm vụ, đồ án quy hoạch chung", _PLAN, *_LEVELS),
            obj("thông tin về quy hoạch", ("Cung cấp {o}",), *_LEVELS),
            obj("p:giấy phép quy hoạch dự án đầu tư xây dựng công trình",
                ("Cấp {o}", "Điều chỉnh {o}", "Gia hạn {o}")),
            obj("quy chế quản lý kiến trúc", ("Thẩm định {o}", "Phê duyệt {o}"),
                "p:đô thị", "c:điểm dân cư nông thôn"),
        ),
    ),
    "nha_o": Vocab(
        real=(
            "p:Thẩm định giá bán, giá thuê mua, giá thuê nhà ở xã hội",
            "c:Xác nhận đối tượng, điều kiện được hưởng chính sách hỗ trợ về nhà ở xã hội",
            "p:Bán nhà ở cũ thuộc tài sản công",
            "p:Cho thuê nhà ở cũ thuộc tài sản công",
            "p:Giải quyết bán phần diện tích nhà đất sử dụng chung",
            "p:Cho thuê nhà ở công vụ thuộc thẩm quyền quản lý của địa phương",
            "p:Gia hạn thời hạn sở hữu nhà ở tại Việt Nam cho tổ chức, cá nhân nước ngoài",
            "c:Hỗ trợ nhà ở cho người có công với cách mạng",
            "c:Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo",
            "c:Xác nhận thực trạng nhà ở của hộ gia đình, cá nhân",
            "p:Thẩm định, phê duyệt kế hoạch cải tạo, xây dựng lại nhà chung cư",
            "p:Chấp thuận chủ trương đầu tư dự án xây dựng nhà ở",
            "p:Lựa chọn chủ đầu tư dự án đầu tư xây dựng nhà ở xã hội",
            "p:Công nhận Ban quản trị nhà chung cư",
            "c:Công nhận Ban quản trị nhà chung cư do Ủy ban nhân dân cấp xã quản lý",
            "p:Thông báo đủ điều kiện tham gia quản lý vận hành nhà chung cư",
            "p:Phá dỡ nhà chung cư thuộc diện phải phá dỡ",
            "c:Xác nhận hộ gia đình, cá nhân chưa có nhà ở thuộc sở hữu",
        ),
        objects=(
            obj("p:nhà ở xã hội", ("Mua, thuê, thuê mua {o}",),
                "do Nhà nước đầu tư xây dựng", "do doanh nghiệp đầu tư xây dựng"),
            obj("c:thực hiện chính sách hỗ trợ nhà ở", ("Đăng ký {o}", "Nghiệm thu {o}"),
                "cho hộ gia đình vùng thường xuyên bị thiên tai"),
        ),
    ),
    "kinh_doanh_bat_dong_san": Vocab(
        real=(
            "p:Cấp chứng chỉ hành nghề môi giới bất động sản",
            "p:Cấp lại chứng chỉ hành nghề môi giới bất động sản",
            "p:Chuyển nhượng toàn bộ hoặc một phần dự án bất động sản do Ủy ban nhân dân tỉnh "
            "quyết định việc đầu tư",
            "p:Thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán, cho thuê mua",
            "p:Đăng ký hoạt động sàn giao dịch bất động sản",
            "p:Thay đổi nội dung đăng ký hoạt động sàn giao dịch bất động sản",
            "p:Thông báo công trình xây dựng hình thành trong tương lai đủ điều kiện được đưa "
            "vào kinh doanh",
            "p:Công bố thông tin về dự án bất động sản",
            "p:Đăng ký dự thi sát hạch cấp chứng chỉ hành nghề môi giới bất động sản",
            "p:Thu hồi chứng chỉ hành nghề môi giới bất động sản",
            "p:Chấp thuận chuyển nhượng dự án bất động sản trong khu công nghiệp",
        ),
    ),
    "ha_tang_ky_thuat": Vocab(
        real=(
            "p:Thẩm định giá dịch vụ thoát nước",
            "p:Phê duyệt phương án giá dịch vụ thu gom, vận chuyển chất thải rắn sinh hoạt",
            "p:Chấp thuận vị trí xây dựng công trình ngầm đô thị",
            "p:Thỏa thuận đấu nối hạ tầng kỹ thuật ngoài hàng rào dự án",
            "c:Cấp giấy phép đào hè, đường đô thị để thi công công trình",
            "p:Thẩm định phương án giá dịch vụ nghĩa trang",
        ),
        objects=(
            obj("giấy phép chặt hạ, dịch chuyển cây xanh", ("Cấp {o}",),
                "p:trên tuyến phố do Ủy ban nhân dân tỉnh quản lý",
                "c:trên tuyến phố do Ủy ban nhân dân cấp xã quản lý",
                "c:trong công viên, vườn hoa"),
            obj("c:giấy phép sử dụng tạm thời một phần hè phố", ("Cấp {o}", "Gia hạn {o}"),
                "để tổ chức sự kiện", "để trông giữ xe"),
        ),
    ),
    "duong_bo": Vocab(
        real=(
            "p:Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn, xe bánh xích, xe "
            "vận chuyển hàng siêu trường, siêu trọng trên đường bộ|2wd",
            "Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng "
            "giao thông đường bộ|7wd",
            "Gia hạn chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ "
            "tầng giao thông đường bộ|3wd",
            "p:Chấp thuận thiết kế nút giao đường nhánh đấu nối vào đường tỉnh|7wd",
            "p:Đăng ký xe máy chuyên dùng lần đầu|3wd",
            "p:Đăng ký lại xe máy chuyên dùng|3wd",
            "p:Sang tên chủ sở hữu xe máy chuyên dùng trong cùng một tỉnh|3wd",
            "p:Di chuyển đăng ký xe máy chuyên dùng ở khác tỉnh|3wd",
            "p:Cấp đổi Giấy chứng nhận đăng ký, biển số xe máy chuyên dùng|3wd",
            "p:Đăng ký tạm thời xe máy chuyên dùng|1wd",
            "p:Thu hồi Giấy chứng nhận đăng ký, biển số xe máy chuyên dùng|3wd",
            "p:Đăng ký khai thác tuyến vận tải hành khách cố định bằng xe ô tô|5wd",
            "p:Ngừng khai thác tuyến vận tải hành khách cố định bằng xe ô tô|3wd",
            "p:Điều chỉnh tần suất chạy xe trên tuyến vận tải hành khách cố định|3wd",
            "p:Công bố đưa trạm dừng nghỉ vào khai thác|15d",
        ),
        objects=(
            obj("p:Giấy phép kinh doanh vận tải bằng xe ô tô", ("Cấp {o}", "Thu hồi {o}")),
            obj("p:Giấy phép kinh doanh vận tải bằng xe ô tô", ("Cấp lại {o}",),
                "khi có sự thay đổi liên quan đến nội dung của Giấy phép",
                "do hết hạn Giấy phép", "do bị mất, bị hỏng"),
            obj("p:phù hiệu", ("Cấp {o}", "Cấp lại {o}"), *_BADGES),
            obj("p:giấy phép liên vận Việt Nam - Lào", ("Cấp {o}", "Gia hạn {o}"),
                *_CROSS_BORDER),
            obj("p:giấy phép liên vận Việt Nam - Campuchia", ("Cấp {o}", "Gia hạn {o}"),
                *_CROSS_BORDER),
            obj("p:giấy phép liên vận Việt - Lào - Campuchia", ("Cấp {o}",),
                *_CROSS_BORDER),
            obj("giấy phép thi công công trình trên đường bộ đang khai thác",
                ("Cấp {o}", "Gia hạn {o}"), *_ROADS),
            obj("p:bến xe khách", _TERMINALS),
            obj("p:bến xe hàng", _TERMINALS),
            obj("p:tuyến xe buýt", ("Chấp thuận khai thác {o}", "Điều chỉnh hành trình {o}",
                                    "Ngừng khai thác {o}"), "nội tỉnh", "liền kề"),
            obj("p:điểm dừng đón, trả khách", ("Chấp thuận vị trí {o}",),
                "trên đường tỉnh", "trên quốc lộ được giao quản lý"),
        ),
    ),
    "duong_thuy_noi_dia": Vocab(
        real=(
            "p:Công bố hoạt động bến thủy nội địa",
            "p:Công bố lại hoạt động bến thủy nội địa",
            "p:Thỏa thuận thông số kỹ thuật xây dựng bến thủy nội địa",
            "c:Cấp giấy phép hoạt động bến khách ngang sông",
            "p:Chấp thuận phương án bảo đảm an toàn giao thông đường thủy nội địa",
            "p:Công bố hạn chế giao thông đường thủy nội địa",
            "p:Thỏa thuận thiết lập báo hiệu đường thủy nội địa",
            "p:Công bố mở luồng chuyên dùng",
            "p:Công bố đóng luồng đường thủy nội địa",
            "p:Cấp giấy phép hoạt động vận tải hành khách theo tuyến cố định bằng phương tiện "
            "thủy nội địa",
            "p:Cho ý kiến trước khi phê duyệt dự án đầu tư xây dựng công trình liên quan đến "
            "giao thông đường thủy nội địa",
        ),
        objects=(
            obj("phương tiện thủy nội địa",
                ("Đăng ký {o}", "Đăng ký lại {o}", "Xóa Giấy chứng nhận đăng ký {o}"),
                "p:có động cơ tổng công suất máy chính từ 15 sức ngựa trở lên",
                "c:có động cơ tổng công suất máy chính dưới 15 sức ngựa",
                "c:không có động cơ trọng tải toàn phần từ 1 tấn đến 5 tấn"),
            obj("p:Giấy chứng nhận đăng ký phương tiện thủy nội địa", CERT[1:]),
        ),
    ),
}

"""Names for agriculture, forestry, fisheries, irrigation and rural development fields.

Owned by Sở Nông nghiệp và Môi trường. See :mod:`bpmn.catalog.vocab_base`.
"""

from __future__ import annotations

from bpmn.catalog.vocab_base import CERT, LICENCE, RECOGNISE, Vocab, obj

__all__ = ["VOCAB"]

_VET = (
    "về tiêm phòng, chữa bệnh, phẫu thuật động vật",
    "về tư vấn, các dịch vụ khác liên quan đến thú y",
    "về buôn bán thuốc thú y",
)
_MODIFY = ("Phê duyệt {o}", "Điều chỉnh {o}")

VOCAB: dict[str, Vocab] = {
    "trong_trot": Vocab(
        real=(
            "p:Cấp Quyết định công nhận cây đầu dòng, vườn cây đầu dòng",
            "p:Cấp Giấy chứng nhận kiểm dịch thực vật nội địa",
            "p:Tiếp nhận hồ sơ tự công bố lưu hành giống cây trồng",
            "p:Công nhận tiến bộ kỹ thuật trong trồng trọt",
            "c:Đăng ký chuyển đổi cơ cấu cây trồng trên đất trồng lúa",
            "c:Hỗ trợ khắc phục thiệt hại sản xuất trồng trọt do dịch hại",
            "c:Xác nhận nguồn gốc giống cây trồng lâm nghiệp, cây ăn quả lâu năm",
            "c:Hỗ trợ bảo vệ, phát triển đất trồng lúa",
        ),
        objects=(
            obj("p:Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật", CERT),
            obj("p:Giấy chứng nhận đủ điều kiện sản xuất phân bón", CERT,
                "hữu cơ", "vô cơ", "sinh học"),
            obj("p:Giấy chứng nhận đủ điều kiện buôn bán phân bón", CERT),
            obj("p:mã số vùng trồng", ("Cấp {o}", "Cấp lại {o}", "Thu hồi {o}"),
                "phục vụ xuất khẩu", "phục vụ tiêu thụ nội địa"),
            obj("p:mã số cơ sở đóng gói", ("Cấp {o}", "Cấp lại {o}", "Thu hồi {o}"),
                "phục vụ xuất khẩu"),
            obj("p:nội dung quảng cáo", ("Xác nhận {o}",),
                "thuốc bảo vệ thực vật", "phân bón", "giống cây trồng"),
            obj("c:hỗ trợ sản xuất", ("Đăng ký {o}", "Nghiệm thu {o}"),
                "theo chuỗi giá trị cây trồng chủ lực", "cây trồng ứng dụng công nghệ cao"),
        ),
    ),
    "chan_nuoi_thu_y": Vocab(
        real=(
            "c:Kê khai hoạt động chăn nuôi",
            "c:Hỗ trợ khắc phục thiệt hại do dịch bệnh động vật",
            "c:Xác nhận nguồn gốc con giống vật nuôi",
            "c:Khai báo dịch bệnh động vật",
            "c:Hỗ trợ tiêu hủy động vật mắc bệnh",
            "p:Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi "
            "địa bàn cấp tỉnh",
            "p:Cấp văn bản chấp thuận nuôi chim yến trong khu dân cư",
            "p:Cấp giấy phép vận chuyển động vật, sản phẩm động vật qua vùng có dịch",
        ),
        objects=(
            obj("p:Chứng chỉ hành nghề thú y",
                ("Cấp {o}", "Cấp lại {o}", "Gia hạn {o}", "Thu hồi {o}"), *_VET),
            obj("p:Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y", CERT),
            obj("p:Giấy chứng nhận đủ điều kiện chăn nuôi", CERT,
                "đối với chăn nuôi trang trại quy mô lớn"),
            obj("p:Giấy chứng nhận đủ điều kiện sản xuất thức ăn chăn nuôi", CERT,
                "thương mại", "theo đặt hàng"),
            obj("p:Giấy chứng nhận cơ sở an toàn dịch bệnh động vật", CERT,
                "trên cạn", "thủy sản"),
            obj("p:Giấy chứng nhận điều kiện vệ sinh thú y", CERT,
                "đối với cơ sở giết mổ động vật", "đối với cơ sở sơ chế, chế biến sản phẩm "
                "động vật"),
            obj("c:Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật", ("Cấp {o}",),
                "vận chuyển trong địa bàn tỉnh"),
        ),
    ),
    "lam_nghiep": Vocab(
        real=(
            "p:Thẩm định, phê duyệt hồ sơ thiết kế, dự toán trồng rừng thay thế",
            "p:Nộp tiền trồng rừng thay thế",
            "p:Miễn, giảm tiền dịch vụ môi trường rừng",
            "p:Chuyển loại rừng đối với khu rừng do Ủy ban nhân dân tỉnh quyết định thành lập",
            "p:Xác nhận nguồn gốc gỗ trước khi xuất khẩu",
            "c:Hỗ trợ đầu tư trồng rừng sản xuất, phát triển lâm sản ngoài gỗ",
            "c:Chi trả tiền khoán bảo vệ rừng cho hộ gia đình, cộng đồng dân cư",
            "c:Hỗ trợ gạo cho hộ gia đình tham gia trồng rừng thay thế nương rẫy",
        ),
        objects=(
            obj("rừng", ("Giao {o}", "Cho thuê {o}", "Thu hồi {o}"),
                "p:cho tổ chức", "c:cho hộ gia đình, cá nhân", "c:cho cộng đồng dân cư"),
            obj("phương án khai thác thực vật rừng thông thường", _MODIFY,
                "p:thuộc rừng tự nhiên", "c:thuộc rừng trồng của hộ gia đình, cá nhân"),
            obj("p:phương án quản lý rừng bền vững", _MODIFY, "của chủ rừng là tổ chức"),
            obj("p:đề án du lịch sinh thái, nghỉ dưỡng, giải trí", _MODIFY,
                "trong rừng đặc dụng", "trong rừng phòng hộ", "trong rừng sản xuất"),
            obj("mã số cơ sở nuôi, trồng các loài động vật rừng, thực vật rừng",
                ("Cấp {o}", "Cấp lại {o}"),
                "p:nguy cấp, quý, hiếm", "c:thông thường"),
            obj("c:bảng kê lâm sản", ("Xác nhận {o}",),
                "khai thác từ rừng trồng", "khai thác từ cây trồng phân tán"),
            obj("p:mục đích sử dụng rừng sang mục đích khác", ("Chuyển {o}",),
                "đối với rừng phòng hộ", "đối với rừng sản xuất"),
            obj("thiết kế, dự toán công trình lâm sinh", _MODIFY,
                "p:thuộc dự án do Ủy ban nhân dân tỉnh quyết định đầu tư",
                "c:thuộc dự án do Ủy ban nhân dân cấp xã quyết định đầu tư"),
        ),
    ),
    "thuy_san": Vocab(
        real=(
            "p:Cấp văn bản chấp thuận đóng mới, cải hoán, thuê, mua tàu cá",
            "p:Cấp Giấy xác nhận nguyên liệu thủy sản khai thác",
            "p:Cấp Giấy chứng nhận thủy sản khai thác",
            "p:Công bố mở cảng cá loại 3",
            "p:Cấp giấy chứng nhận đăng ký tạm thời tàu cá",
            "c:Xác nhận đăng ký nuôi trồng thủy sản lồng bè",
            "c:Hỗ trợ khắc phục thiệt hại nuôi trồng thủy sản do thiên tai",
            "c:Hỗ trợ chi phí nhiên liệu cho ngư dân khai thác thủy sản",
        ),
        objects=(
            obj("p:giấy phép khai thác thủy sản", (*LICENCE, "Thu hồi {o}")),
            obj("p:giấy chứng nhận đăng ký tàu cá", CERT,
                "đối với tàu cá đóng mới", "đối với tàu cá chuyển nhượng quyền sở hữu"),
            obj("p:giấy chứng nhận an toàn kỹ thuật tàu cá", CERT),
            obj("p:Giấy chứng nhận cơ sở đủ điều kiện sản xuất, ương dưỡng giống thủy sản",
                CERT),
            obj("p:Giấy chứng nhận cơ sở đủ điều kiện nuôi trồng thủy sản", CERT,
                "bố mẹ", "đối tượng nuôi chủ lực"),
            obj("c:nuôi trồng thủy sản", ("Đăng ký {o}", "Thay đổi thông tin đăng ký {o}"),
                "đối tượng nuôi chủ lực", "lồng bè trên hồ chứa"),
            obj("tàu cá", ("Xóa đăng ký {o}",),
                "c:có chiều dài dưới 12 mét", "p:có chiều dài từ 12 mét trở lên"),
            obj("p:khu vực biển để nuôi trồng thủy sản",
                ("Giao {o}", "Gia hạn quyết định giao {o}")),
        ),
    ),
    "thuy_loi": Vocab(
        real=(
            "c:Hỗ trợ phát triển thủy lợi nhỏ, thủy lợi nội đồng và tưới tiên tiến, tiết kiệm "
            "nước",
            "c:Hỗ trợ sử dụng sản phẩm, dịch vụ công ích thủy lợi",
            "p:Thẩm định, phê duyệt phương án ứng phó thiên tai cho công trình vùng hạ du đập",
            "p:Thẩm định, phê duyệt phương án ứng phó với tình huống khẩn cấp hồ chứa",
        ),
        objects=(
            obj("giấy phép hoạt động trong phạm vi bảo vệ công trình thủy lợi", LICENCE,
                "p:thuộc thẩm quyền cấp phép của Ủy ban nhân dân tỉnh",
                "c:thuộc thẩm quyền cấp phép của Ủy ban nhân dân cấp xã"),
            obj("phương án cắm mốc chỉ giới phạm vi bảo vệ công trình thủy lợi", _MODIFY,
                "p:do Ủy ban nhân dân tỉnh quản lý", "c:do Ủy ban nhân dân cấp xã quản lý"),
            obj("quy trình vận hành hồ chứa nước", _MODIFY,
                "p:do Ủy ban nhân dân tỉnh quản lý", "c:do Ủy ban nhân dân cấp xã quản lý"),
            obj("phương án bảo vệ đập, hồ chứa nước", _MODIFY,
                "p:thuộc thẩm quyền của Ủy ban nhân dân tỉnh",
                "c:thuộc thẩm quyền của Ủy ban nhân dân cấp xã"),
        ),
    ),
    "phong_chong_thien_tai": Vocab(
        real=(
            "c:Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai",
            "c:Hỗ trợ cây giống, vật nuôi khôi phục sản xuất sau thiên tai",
            "c:Đăng ký tham gia lực lượng xung kích phòng, chống thiên tai cấp xã",
            "c:Hỗ trợ di dời dân cư khỏi vùng có nguy cơ sạt lở đất, lũ quét",
            "p:Cấp giấy phép cho các hoạt động liên quan đến đê điều",
            "p:Phê duyệt phương án ứng phó thiên tai theo cấp độ rủi ro",
            "p:Thẩm định phương án ứng phó với tình huống khẩn cấp hồ chứa thủy điện",
            "p:Cấp phép hoạt động trong phạm vi bảo vệ đê điều",
        ),
    ),
    "phat_trien_nong_thon": Vocab(
        real=(
            "p:Công nhận xã đạt chuẩn nông thôn mới|2m",
            "p:Công nhận xã đạt chuẩn nông thôn mới nâng cao|2m",
            "p:Công nhận xã đạt chuẩn nông thôn mới kiểu mẫu|2m",
            "p:Công nhận làng nghề",
            "p:Công nhận nghề truyền thống",
            "p:Công nhận làng nghề truyền thống",
            "c:Công nhận thôn đạt chuẩn nông thôn mới kiểu mẫu|1m",
            "c:Xác nhận kinh tế trang trại",
            "c:Bố trí ổn định dân cư ngoài vùng dự án",
        ),
        objects=(
            obj("sản phẩm OCOP", ("Đánh giá, phân hạng {o}",),
                "p:cấp tỉnh", "c:cấp xã"),
            obj("dự án, kế hoạch liên kết sản xuất và tiêu thụ sản phẩm nông nghiệp",
                ("Phê duyệt {o}", "Điều chỉnh {o}", "Hỗ trợ {o}"),
                "p:do Ủy ban nhân dân tỉnh phê duyệt", "c:do Ủy ban nhân dân cấp xã phê duyệt"),
            obj("c:thôn đạt chuẩn nông thôn mới", RECOGNISE),
        ),
    ),
    "chat_luong_nong_san": Vocab(
        real=(
            "p:Công nhận doanh nghiệp nông nghiệp ứng dụng công nghệ cao",
            "p:Công nhận vùng nông nghiệp ứng dụng công nghệ cao",
            "p:Kiểm tra, chứng nhận chất lượng muối",
            "p:Cấp Giấy chứng nhận thủy sản xuất khẩu",
            "p:Xác nhận nội dung quảng cáo thực phẩm nông lâm thủy sản",
        ),
        objects=(
            obj("p:Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản",
                CERT, "đối với cơ sở sản xuất", "đối với cơ sở kinh doanh"),
            obj("p:Giấy xác nhận kiến thức an toàn thực phẩm", ("Cấp {o}",),
                "cho chủ cơ sở sản xuất, kinh doanh nông lâm thủy sản",
                "cho người trực tiếp sản xuất, kinh doanh nông lâm thủy sản"),
        ),
    ),
}

"""Names for justice fields (Sở Tư pháp), complaints (Thanh tra) and foreign affairs.

See :mod:`bpmn.catalog.vocab_base` for the notation. Real names are from the national
procedure database as announced before 2026; composed ones follow the same patterns.
"""

from __future__ import annotations

from bpmn.catalog.vocab_base import REGISTER, Vocab, obj

__all__ = ["VOCAB"]

_FOREIGN = "có yếu tố nước ngoài"
_RECORDED_ABROAD = "đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài"

VOCAB: dict[str, Vocab] = {
    "ho_tich": Vocab(
        real=(
            "c:Đăng ký khai sinh|1wd",
            "c:Đăng ký kết hôn|1wd",
            "c:Đăng ký nhận cha, mẹ, con|3wd",
            "c:Đăng ký khai sinh kết hợp nhận cha, mẹ, con|3wd",
            "c:Đăng ký khai tử|1wd",
            "c:Đăng ký khai sinh lưu động|5wd",
            "c:Đăng ký kết hôn lưu động|5wd",
            "c:Đăng ký khai tử lưu động|5wd",
            "c:Đăng ký giám hộ|3wd",
            "c:Đăng ký chấm dứt giám hộ|2wd",
            "c:Thay đổi, cải chính, bổ sung thông tin hộ tịch|3wd",
            "c:Cấp Giấy xác nhận tình trạng hôn nhân|3wd",
            "c:Đăng ký lại khai sinh|5wd",
            "c:Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân|5wd",
            "c:Đăng ký lại kết hôn|5wd",
            "c:Đăng ký lại khai tử|5wd",
            "c:Cấp bản sao trích lục hộ tịch|1wd",
            f"c:Đăng ký khai sinh {_FOREIGN}|3wd",
            f"c:Đăng ký kết hôn {_FOREIGN}|10wd",
            f"c:Đăng ký khai tử {_FOREIGN}|3wd",
            f"c:Đăng ký nhận cha, mẹ, con {_FOREIGN}|10wd",
            f"c:Đăng ký khai sinh kết hợp nhận cha, mẹ, con {_FOREIGN}|10wd",
            f"c:Đăng ký giám hộ {_FOREIGN}|5wd",
            f"c:Đăng ký chấm dứt giám hộ {_FOREIGN}|3wd",
            "c:Thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc|3wd",
            f"c:Ghi vào Sổ hộ tịch việc hộ tịch của công dân Việt Nam {_RECORDED_ABROAD}|5wd",
            f"c:Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam {_RECORDED_ABROAD}|5wd",
            "c:Ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn của công dân Việt Nam "
            f"{_RECORDED_ABROAD}|5wd",
            f"c:Đăng ký lại khai sinh {_FOREIGN}|10wd",
            f"c:Đăng ký lại kết hôn {_FOREIGN}|10wd",
            f"c:Đăng ký lại khai tử {_FOREIGN}|10wd",
            "c:Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ "
            "bảo hiểm y tế cho trẻ em dưới 6 tuổi|5wd",
            "c:Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, "
            "hưởng chế độ tử tuất, hỗ trợ chi phí mai táng|5wd",
            "c:Đăng ký khai sinh cho trẻ em bị bỏ rơi|3wd",
            "c:Đăng ký khai sinh cho trẻ em sinh ra do mang thai hộ|3wd",
            f"c:Thay đổi, cải chính, bổ sung thông tin hộ tịch {_FOREIGN}|3wd",
            "p:Xác nhận thông tin hộ tịch",
            "p:Cấp bản sao trích lục hộ tịch từ Sổ hộ tịch lưu tại Sở Tư pháp",
            f"p:Cấp bản sao trích lục hộ tịch {_FOREIGN}",
            "p:Cấp lại bản chính Giấy khai sinh từ Sổ đăng ký khai sinh lưu tại Sở Tư pháp",
            "p:Cấp Giấy xác nhận tình trạng hôn nhân cho công dân Việt Nam cư trú ở nước ngoài",
        ),
        objects=(
            obj("c:khai sinh", ("Đăng ký {o}", "Đăng ký lại {o}"),
                "cho công dân Việt Nam cư trú ở khu vực biên giới",
                "cho trẻ em có cha, mẹ là người không quốc tịch"),
            obj("c:kết hôn", ("Đăng ký {o}", "Đăng ký lại {o}"),
                "của công dân Việt Nam cư trú ở khu vực biên giới với công dân nước láng giềng"),
            obj("c:khai tử", ("Đăng ký {o}", "Đăng ký lại {o}"),
                "cho người chết tại cơ sở y tế", "cho người chết do thi hành án tử hình"),
            obj("c:nhận cha, mẹ, con", ("Đăng ký {o}",),
                "của công dân Việt Nam cư trú ở khu vực biên giới"),
        ),
    ),
    "chung_thuc": Vocab(
        real=(
            "c:Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm "
            "quyền của Việt Nam cấp hoặc chứng nhận",
            "c:Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm "
            "quyền của nước ngoài cấp hoặc chứng nhận",
            "c:Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng "
            "thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể "
            "điểm chỉ được)",
            "c:Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng "
            "đất và nhà ở|2wd",
            "c:Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch|2wd",
            "c:Sửa lỗi sai sót trong hợp đồng, giao dịch|2wd",
            "c:Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
            "c:Chứng thực di chúc|2wd",
            "c:Chứng thực văn bản từ chối nhận di sản|2wd",
            "c:Chứng thực văn bản thỏa thuận phân chia di sản mà di sản là động sản, quyền sử "
            "dụng đất, nhà ở|3wd",
            "c:Chứng thực văn bản khai nhận di sản mà di sản là động sản, quyền sử dụng đất, "
            "nhà ở|3wd",
            "c:Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật",
            "c:Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch "
            "thuật",
            "c:Cấp bản sao điện tử được chứng thực từ bản chính",
            "c:Chứng thực chữ ký trong giấy ủy quyền đối với trường hợp ủy quyền không có thù "
            "lao, không có nghĩa vụ bồi thường",
            "c:Chứng thực hợp đồng thế chấp quyền sử dụng đất, tài sản gắn liền với đất|2wd",
            "c:Chứng thực hợp đồng chuyển nhượng quyền sử dụng đất|2wd",
            "c:Chứng thực hợp đồng tặng cho quyền sử dụng đất|2wd",
            "c:Chứng thực hợp đồng thuê, cho thuê nhà ở|2wd",
            "c:Chứng thực văn bản thỏa thuận về chế độ tài sản của vợ chồng|2wd",
            "p:Ghi danh cộng tác viên dịch thuật của Sở Tư pháp",
            "p:Xóa danh sách cộng tác viên dịch thuật của Sở Tư pháp",
        ),
    ),
    "nuoi_con_nuoi": Vocab(
        real=(
            "c:Đăng ký việc nuôi con nuôi trong nước|30d",
            "c:Đăng ký lại việc nuôi con nuôi trong nước|5wd",
            "c:Đăng ký việc nuôi con nuôi thực tế|30d",
            f"c:Ghi chú việc nuôi con nuôi {_RECORDED_ABROAD}",
            "c:Xác minh, cung cấp thông tin về tình trạng trẻ em được giới thiệu làm con nuôi",
            "p:Giải quyết việc người nước ngoài thường trú ở Việt Nam nhận trẻ em Việt Nam làm "
            "con nuôi",
            "p:Giải quyết việc người nước ngoài cư trú ở nước ngoài nhận trẻ em Việt Nam làm "
            "con nuôi",
            "p:Giải quyết việc công dân Việt Nam định cư ở nước ngoài nhận trẻ em Việt Nam làm "
            "con nuôi",
            f"p:Đăng ký lại việc nuôi con nuôi {_FOREIGN}",
            "p:Xác minh nguồn gốc trẻ em được giới thiệu làm con nuôi nước ngoài",
            "p:Giới thiệu trẻ em Việt Nam làm con nuôi người nước ngoài",
            "p:Cấp Giấy xác nhận trẻ em đủ điều kiện được giới thiệu làm con nuôi nước ngoài",
            "p:Cấp Giấy xác nhận người nhận con nuôi đủ điều kiện nhận con nuôi nước ngoài",
            f"p:Chấm dứt việc nuôi con nuôi {_FOREIGN} theo quyết định của Tòa án",
        ),
    ),
    "quoc_tich": Vocab(
        real=(
            "p:Nhập quốc tịch Việt Nam",
            "p:Trở lại quốc tịch Việt Nam ở trong nước",
            "p:Thôi quốc tịch Việt Nam ở trong nước",
            "p:Cấp Giấy xác nhận có quốc tịch Việt Nam ở trong nước",
            "p:Cấp Giấy xác nhận là người gốc Việt Nam ở trong nước",
            "p:Thông báo có quốc tịch nước ngoài",
            "p:Giải quyết việc nhập quốc tịch Việt Nam cho người không quốc tịch cư trú ổn "
            "định tại Việt Nam",
            "p:Cấp bản sao Quyết định cho nhập, cho trở lại, cho thôi quốc tịch Việt Nam",
            "p:Cấp Giấy xác nhận không có quốc tịch Việt Nam",
            "p:Xin giữ quốc tịch nước ngoài khi nhập quốc tịch Việt Nam",
            "p:Trở lại quốc tịch Việt Nam cho người chưa thành niên theo cha, mẹ",
            "p:Xác định có quốc tịch Việt Nam cho trẻ em sinh ra ở Việt Nam có cha, mẹ là "
            "người không quốc tịch",
            "p:Đăng ký giữ quốc tịch Việt Nam",
        ),
    ),
    "ly_lich_tu_phap": Vocab(
        real=(
            "p:Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
            "tại Việt Nam",
            "p:Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, cơ quan tiến hành tố tụng",
            "p:Cấp Phiếu lý lịch tư pháp trên ứng dụng VNeID",
            "p:Cấp Phiếu lý lịch tư pháp số 2 cho cá nhân",
            "p:Cấp lại Phiếu lý lịch tư pháp",
        ),
    ),
    "cong_chung": Vocab(
        real=(
            "p:Bổ nhiệm công chứng viên",
            "p:Bổ nhiệm lại công chứng viên",
            "p:Miễn nhiệm công chứng viên (trường hợp được miễn nhiệm theo nguyện vọng)",
            "p:Miễn nhiệm công chứng viên (trường hợp bị miễn nhiệm)",
            "p:Đăng ký hành nghề và cấp Thẻ công chứng viên",
            "p:Cấp lại Thẻ công chứng viên",
            "p:Xóa đăng ký hành nghề và thu hồi Thẻ công chứng viên",
            "p:Đăng ký tập sự hành nghề công chứng",
            "p:Thay đổi nơi tập sự hành nghề công chứng",
            "p:Chấm dứt tập sự hành nghề công chứng",
            "p:Đăng ký tập sự lại hành nghề công chứng",
            "p:Đăng ký tham dự kiểm tra kết quả tập sự hành nghề công chứng",
            "p:Thành lập Văn phòng công chứng",
            "p:Hợp nhất Văn phòng công chứng",
            "p:Sáp nhập Văn phòng công chứng",
            "p:Chuyển nhượng Văn phòng công chứng",
            "p:Chuyển đổi Phòng công chứng thành Văn phòng công chứng",
            "p:Thu hồi quyết định cho phép thành lập Văn phòng công chứng",
            "p:Thành lập Hội công chứng viên",
            "p:Phê duyệt điều lệ Hội công chứng viên",
            "p:Công chứng bản dịch",
            "p:Công chứng hợp đồng, giao dịch đã được soạn thảo sẵn",
            "p:Công chứng hợp đồng, giao dịch do công chứng viên soạn thảo theo đề nghị của "
            "người yêu cầu công chứng",
            "p:Công chứng việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
            "p:Công chứng di chúc",
            "p:Công chứng văn bản thỏa thuận phân chia di sản",
            "p:Công chứng văn bản khai nhận di sản",
            "p:Công chứng văn bản từ chối nhận di sản",
            "p:Nhận lưu giữ di chúc",
            "p:Cấp bản sao văn bản công chứng",
            "p:Sửa lỗi kỹ thuật trong văn bản công chứng",
        ),
        objects=(obj("p:hoạt động Văn phòng công chứng", REGISTER),),
    ),
    "luat_su": Vocab(
        real=(
            "p:Đăng ký hoạt động của tổ chức hành nghề luật sư",
            "p:Thay đổi nội dung đăng ký hoạt động của tổ chức hành nghề luật sư",
            "p:Cấp lại Giấy đăng ký hoạt động của tổ chức hành nghề luật sư",
            "p:Thay đổi người đại diện theo pháp luật của văn phòng luật sư, công ty luật "
            "trách nhiệm hữu hạn một thành viên",
            "p:Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư",
            "p:Thành lập văn phòng giao dịch của tổ chức hành nghề luật sư",
            "p:Hợp nhất công ty luật",
            "p:Sáp nhập công ty luật",
            "p:Chuyển đổi văn phòng luật sư thành công ty luật",
            "p:Đăng ký hoạt động của công ty luật Việt Nam chuyển đổi từ công ty luật nước "
            "ngoài",
            "p:Đăng ký hoạt động của chi nhánh, công ty luật nước ngoài",
            "p:Thay đổi nội dung Giấy đăng ký hoạt động của chi nhánh, công ty luật nước ngoài",
            "p:Cấp lại Giấy đăng ký hoạt động của chi nhánh, công ty luật nước ngoài",
            "p:Đăng ký hành nghề luật sư với tư cách cá nhân",
            "p:Thay đổi nội dung đăng ký hành nghề luật sư với tư cách cá nhân",
            "p:Phê duyệt Đề án tổ chức Đại hội nhiệm kỳ của Đoàn luật sư",
            "p:Phê duyệt kết quả Đại hội luật sư",
            "p:Tạm ngừng hoạt động của tổ chức hành nghề luật sư",
            "p:Chấm dứt hoạt động của tổ chức hành nghề luật sư",
            "p:Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư nước ngoài",
            "p:Thu hồi Giấy đăng ký hoạt động của tổ chức hành nghề luật sư",
            "p:Đăng ký tập sự hành nghề luật sư",
            "p:Thay đổi nơi tập sự hành nghề luật sư",
        ),
    ),
    "dau_gia_tai_san": Vocab(
        real=(
            "p:Đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
            "p:Thay đổi nội dung đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
            "p:Đăng ký hoạt động của chi nhánh doanh nghiệp đấu giá tài sản",
            "p:Cấp lại Giấy đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
            "p:Cấp Thẻ đấu giá viên",
            "p:Cấp lại Thẻ đấu giá viên",
            "p:Thu hồi Thẻ đấu giá viên",
            "p:Phê duyệt đủ điều kiện thực hiện hình thức đấu giá trực tuyến",
            "p:Đăng ký tập sự hành nghề đấu giá",
            "p:Thay đổi nơi tập sự hành nghề đấu giá",
            "p:Chấm dứt tập sự hành nghề đấu giá",
            "p:Đăng ký hành nghề đấu giá",
            "p:Chuyển đổi doanh nghiệp đấu giá tư nhân thành công ty đấu giá hợp danh",
            "p:Thu hồi Giấy đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
            "p:Đăng ký danh sách đấu giá viên của doanh nghiệp đấu giá tài sản",
        ),
    ),
    "giam_dinh_tu_phap": Vocab(
        real=(
            "p:Bổ nhiệm giám định viên tư pháp",
            "p:Miễn nhiệm giám định viên tư pháp",
            "p:Cấp thẻ giám định viên tư pháp",
            "p:Cấp lại thẻ giám định viên tư pháp",
            "p:Cấp phép thành lập Văn phòng giám định tư pháp",
            "p:Đăng ký hoạt động Văn phòng giám định tư pháp",
            "p:Cấp lại Giấy đăng ký hoạt động của Văn phòng giám định tư pháp",
            "p:Thay đổi, bổ sung lĩnh vực giám định của Văn phòng giám định tư pháp",
            "p:Chuyển đổi loại hình Văn phòng giám định tư pháp",
            "p:Thay đổi tên gọi, trụ sở, người đại diện theo pháp luật của Văn phòng giám định "
            "tư pháp",
            "p:Thu hồi giấy phép thành lập Văn phòng giám định tư pháp",
            "p:Lập danh sách người giám định tư pháp theo vụ việc",
            "p:Công bố tổ chức giám định tư pháp theo vụ việc",
        ),
    ),
    "tro_giup_phap_ly": Vocab(
        real=(
            "p:Yêu cầu trợ giúp pháp lý",
            "p:Đăng ký tham gia trợ giúp pháp lý",
            "p:Chấm dứt tham gia trợ giúp pháp lý",
            "p:Lựa chọn, ký hợp đồng với tổ chức hành nghề luật sư, tổ chức tư vấn pháp luật",
            "p:Cấp thẻ trợ giúp viên pháp lý",
            "p:Cấp lại thẻ trợ giúp viên pháp lý",
            "p:Thay đổi người thực hiện trợ giúp pháp lý",
            "p:Giải quyết khiếu nại về trợ giúp pháp lý",
            "p:Rút yêu cầu trợ giúp pháp lý của người được trợ giúp pháp lý",
            "p:Cấp lại Giấy đăng ký tham gia trợ giúp pháp lý",
            "p:Thay đổi nội dung Giấy đăng ký tham gia trợ giúp pháp lý",
            "p:Lựa chọn, ký hợp đồng với luật sư thực hiện trợ giúp pháp lý",
            "p:Đăng ký tham gia trợ giúp pháp lý của luật sư",
        ),
    ),
    "trong_tai_thuong_mai": Vocab(
        real=(
            "p:Đăng ký hoạt động của Trung tâm trọng tài",
            "p:Đăng ký hoạt động Chi nhánh Trung tâm trọng tài",
            "p:Thay đổi nội dung Giấy đăng ký hoạt động của Trung tâm trọng tài",
            "p:Cấp lại Giấy đăng ký hoạt động của Trung tâm trọng tài",
            "p:Đăng ký hoạt động của Chi nhánh tổ chức trọng tài nước ngoài tại Việt Nam",
            "p:Thay đổi nội dung Giấy đăng ký hoạt động của Chi nhánh tổ chức trọng tài nước "
            "ngoài",
            "p:Cấp lại Giấy đăng ký hoạt động của Chi nhánh tổ chức trọng tài nước ngoài",
            "p:Đăng ký hoạt động của Trung tâm hòa giải thương mại",
            "p:Đăng ký hoạt động của hòa giải viên thương mại vụ việc",
            "p:Thay đổi tên gọi, địa chỉ trụ sở của Trung tâm hòa giải thương mại",
        ),
    ),
    "thua_phat_lai": Vocab(
        real=(
            "p:Bổ nhiệm Thừa phát lại",
            "p:Miễn nhiệm Thừa phát lại",
            "p:Thành lập Văn phòng Thừa phát lại",
            "p:Đăng ký hoạt động Văn phòng Thừa phát lại",
            "p:Thay đổi nội dung đăng ký hoạt động Văn phòng Thừa phát lại",
            "p:Cấp lại Giấy đăng ký hoạt động Văn phòng Thừa phát lại",
            "p:Chuyển nhượng Văn phòng Thừa phát lại",
            "p:Hợp nhất, sáp nhập Văn phòng Thừa phát lại",
            "p:Đăng ký tập sự hành nghề Thừa phát lại",
            "p:Cấp Thẻ Thừa phát lại",
            "p:Cấp lại Thẻ Thừa phát lại",
        ),
    ),
    "hoa_giai_co_so": Vocab(
        real=(
            "c:Công nhận hòa giải viên",
            "c:Công nhận tổ trưởng tổ hòa giải",
            "c:Thôi làm hòa giải viên",
            "c:Thanh toán thù lao cho hòa giải viên",
            "c:Hỗ trợ hòa giải viên gặp tai nạn hoặc rủi ro ảnh hưởng đến sức khỏe, tính mạng "
            "trong khi thực hiện hoạt động hòa giải",
            "c:Bầu hòa giải viên",
            "c:Thành lập tổ hòa giải",
        ),
    ),
    "pho_bien_phap_luat": Vocab(
        real=(
            "c:Công nhận tuyên truyền viên pháp luật",
            "c:Cho thôi làm tuyên truyền viên pháp luật",
            "c:Xét công nhận xã, phường đạt chuẩn tiếp cận pháp luật",
            "c:Công nhận báo cáo viên pháp luật cấp xã",
            "c:Miễn nhiệm báo cáo viên pháp luật cấp xã",
            "p:Công nhận báo cáo viên pháp luật cấp tỉnh",
            "p:Miễn nhiệm báo cáo viên pháp luật cấp tỉnh",
        ),
    ),
    "boi_thuong_nha_nuoc": Vocab(
        real=(
            "p:Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công "
            "vụ gây thiệt hại",
            "p:Chi trả tiền bồi thường trong hoạt động quản lý hành chính",
            "p:Phục hồi danh dự",
            "p:Xác định cơ quan giải quyết bồi thường",
            "p:Giải quyết yêu cầu bồi thường trong hoạt động thi hành án dân sự",
            "p:Trả lại tài sản bị thu giữ trong hoạt động quản lý hành chính",
            "c:Giải quyết yêu cầu bồi thường tại Ủy ban nhân dân cấp xã",
            "c:Chi trả tiền bồi thường tại Ủy ban nhân dân cấp xã",
            "c:Phục hồi danh dự tại Ủy ban nhân dân cấp xã",
            "c:Trả lại tài sản bị thu giữ tại Ủy ban nhân dân cấp xã",
            "c:Giải quyết yêu cầu bồi thường trong hoạt động quản lý đất đai tại cấp xã",
        ),
    ),
    "khieu_nai_to_cao": Vocab(
        real=(
            "p:Giải quyết khiếu nại lần đầu tại cấp tỉnh|30d",
            "p:Giải quyết khiếu nại lần hai tại cấp tỉnh|45d",
            "p:Giải quyết tố cáo tại cấp tỉnh|30d",
            "p:Tiếp công dân tại cấp tỉnh",
            "p:Xử lý đơn tại cấp tỉnh",
            "p:Giải quyết khiếu nại về quyết định kỷ luật cán bộ, công chức cấp tỉnh|30d",
            "p:Giải quyết khiếu nại về quyết định hành chính trong quản lý đất đai|45d",
            "p:Giải quyết tố cáo tiếp|30d",
            "p:Giải quyết kiến nghị, phản ánh của tổ chức, cá nhân về quy định hành chính",
            "c:Giải quyết khiếu nại lần đầu tại cấp xã|30d",
            "c:Giải quyết tố cáo tại cấp xã|30d",
            "c:Tiếp công dân tại cấp xã",
            "c:Xử lý đơn tại cấp xã",
            "c:Giải quyết kiến nghị, phản ánh tại cấp xã",
            "c:Giải quyết khiếu nại về quyết định hành chính trong quản lý đất đai tại cấp "
            "xã|30d",
            "c:Giải quyết khiếu nại về chính sách an sinh xã hội tại cấp xã|30d",
            "c:Giải quyết tố cáo về hành vi vi phạm trong quản lý đất đai tại cấp xã|30d",
            "c:Giải quyết khiếu nại về quyết định kỷ luật cán bộ, công chức cấp xã|30d",
        ),
    ),
    "ngoai_vu": Vocab(
        real=(
            "p:Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền cho phép của Chủ "
            "tịch Ủy ban nhân dân tỉnh",
            "p:Cho phép sử dụng thẻ đi lại của doanh nhân APEC (ABTC)",
            "p:Cử cán bộ, công chức, viên chức đi công tác nước ngoài",
            "p:Tiếp nhận, xử lý đề nghị tiếp nhận viện trợ phi chính phủ nước ngoài",
            "p:Phê duyệt khoản viện trợ phi chính phủ nước ngoài",
            "p:Ký kết thỏa thuận quốc tế nhân danh Ủy ban nhân dân tỉnh",
            "p:Cho ý kiến về việc ký kết thỏa thuận quốc tế của cơ quan cấp tỉnh",
            "p:Cho phép đón tiếp đoàn khách nước ngoài vào làm việc tại địa phương",
            "p:Xác nhận danh sách doanh nhân đề nghị cấp thẻ ABTC",
            "p:Tiếp nhận, xử lý thông tin về người Việt Nam ở nước ngoài về thăm quê hương",
        ),
    ),
}
